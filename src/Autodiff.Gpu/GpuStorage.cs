using ILGPU;
using ILGPU.Runtime;

namespace Kernel.Autodiff.Gpu;

/// <summary>
/// Tensor elements in a buffer on a <see cref="GpuBackend{T}"/>'s device. Half elements are stored as
/// <see cref="System.Half"/> bit patterns, which the kernels read as ILGPU's Half (the same IEEE binary16 layout).
/// A host mirror is allocated only when the values are read on the host (<see cref="ComputeBackend{T}.HostValues"/>).
/// Not thread-safe (see <see cref="TensorStorage{T}"/>).
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
public sealed class GpuStorage<T> : TensorStorage<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> buffer;
    private T[]? mirror;

    internal GpuStorage(GpuBackend<T> owner, MemoryBuffer1D<T, Stride1D.Dense> buffer)
    {
        Owner = owner;
        this.buffer = buffer;
        Length = (int)buffer.Length;
    }

    /// <summary>The backend that allocated this storage.</summary>
    public GpuBackend<T> Owner { get; }

    /// <inheritdoc />
    public override int Capacity => (int)buffer.Length;

    /// <summary>The elements in use, as a device view.</summary>
    public ArrayView<T> View => ((ArrayView<T>)buffer.View).SubView(0, Length);

    /// <summary>Frees the device buffer now.</summary>
    public override void Dispose()
    {
        buffer.Dispose();
        base.Dispose();
    }

    /// <summary>A host array of the <see cref="TensorStorage{T}.Length"/> elements to download into, kept for later reads.</summary>
    internal Span<T> Mirror()
    {
        mirror ??= new T[Capacity];
        return mirror.AsSpan(0, Length);
    }
}
