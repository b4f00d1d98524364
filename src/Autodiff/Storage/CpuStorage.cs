namespace Kernel.Autodiff.Storage;

/// <summary>Tensor elements in a managed array on the host.</summary>
/// <typeparam name="T">Half, float or double.</typeparam>
public sealed class CpuStorage<T> : TensorStorage<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] buffer;

    /// <summary>Creates a zeroed storage of <paramref name="capacity"/> elements, all in use.</summary>
    public CpuStorage(int capacity)
    {
        buffer = new T[capacity];
        Length = capacity;
    }

    /// <inheritdoc />
    public override int Capacity => buffer.Length;

    /// <summary>The elements in use.</summary>
    public Span<T> Span => buffer.AsSpan(0, Length);
}
