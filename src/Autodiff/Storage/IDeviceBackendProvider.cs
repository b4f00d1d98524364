using Kernel.Kernels;
using Kernel.Kernels.Devices;

namespace Kernel.Autodiff.Storage;

/// <summary>
/// Opens backends on devices other than the host. This is the plug-in point through which a device package serves
/// <see cref="Backends.Open{T}"/> (the GPU backend's is <c>Kernel.Autodiff.Gpu.GpuBackends</c>), so that Kernel.Autodiff
/// itself depends on no device library and a program that only computes on the host never loads one.
/// Thread-safety: implementations must allow calls from any thread.
/// </summary>
public interface IDeviceBackendProvider
{
    /// <summary>Every device this process can open, the host (<c>cpu:0</c>) first.</summary>
    /// <returns>The devices.</returns>
    IReadOnlyList<DeviceDescription> Available();

    /// <summary>Opens device <paramref name="kind"/>:<paramref name="index"/> and a backend that owns it.</summary>
    /// <param name="kind">A device kind other than <see cref="DeviceKind.Cpu"/>.</param>
    /// <param name="index">Which device of that kind (0 for the first; not negative).</param>
    /// <param name="accumulation">How fp16 reductions and GEMM accumulate.</param>
    /// <returns>The backend; disposing it closes the device.</returns>
    /// <exception cref="DeviceNotAvailableException">The device is not there (the message lists what is).</exception>
    ComputeBackend<T> Open<T>(DeviceKind kind, int index, Accumulation accumulation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}
