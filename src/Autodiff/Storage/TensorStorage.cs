namespace Kernel.Autodiff.Storage;

/// <summary>
/// A buffer of tensor elements owned by one <see cref="ComputeBackend{T}"/>. Ops never touch elements
/// directly; they ask the backend, so device buffers can stand in for host arrays.
/// Not thread-safe: a storage belongs to one tape, and a tape to one thread.
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
public abstract class TensorStorage<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The most elements this storage can hold.</summary>
    public abstract int Capacity { get; }

    /// <summary>The number of elements in use (at most <see cref="Capacity"/>).</summary>
    public int Length { get; protected internal set; }

    /// <summary>
    /// Frees device memory at once instead of when the backend's device is disposed (the tape does this when it
    /// replaces a pooled buffer); host arrays are left to the garbage collector. The storage must not be used afterwards.
    /// </summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
