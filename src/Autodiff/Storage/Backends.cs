using Kernel.Kernels;
using Kernel.Kernels.Gpu;

namespace Kernel.Autodiff.Storage;

/// <summary>Opens the backend of a device choice (cpu, ilgpu-cpu, cuda), never falling back to another. Stateless.</summary>
public static class Backends
{
    /// <summary>
    /// The host backend for <see cref="DeviceKind.Cpu"/>, otherwise a <see cref="GpuBackend{T}"/> that owns the device
    /// it opens. Dispose the backend when done.
    /// </summary>
    /// <param name="kind">Where to compute.</param>
    /// <param name="index">Which device of that kind (the CPU has only index 0).</param>
    /// <param name="accumulation">How fp16 reductions and GEMM accumulate.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="DeviceNotAvailableException">The device is not there; the message lists what is.</exception>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not defined or <paramref name="index"/> is negative.</exception>
    public static ComputeBackend<T> Open<T>(DeviceKind kind, int index = 0, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (kind != DeviceKind.Cpu)
        {
            return GpuBackend<T>.Open(kind, index, accumulation);
        }

        if (index < 0)
        {
            throw new ArgumentException($"index is {index}; it must be >= 0.", nameof(index));
        }

        if (index != 0)
        {
            throw new DeviceNotAvailableException(
                kind, index, $"device cpu:{index} is not available: the host is one device, cpu:0. Available: {string.Join(", ", GpuDevice.Available())}.");
        }

        return new CpuBackend<T>(accumulation);
    }
}
