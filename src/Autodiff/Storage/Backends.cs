using Kernel.Kernels;
using Kernel.Kernels.Devices;

namespace Kernel.Autodiff.Storage;

/// <summary>
/// Opens the backend of a device choice (cpu, ilgpu-cpu, cuda), never falling back to another. The host backend is
/// built in; other devices are opened by the <see cref="IDeviceBackendProvider"/> a device package registers
/// (<c>Kernel.Autodiff.Gpu.GpuBackends.Register()</c> for the GPU backend; the <c>kernel</c> command registers it at
/// start). Thread-safety: safe from any thread; <see cref="Register"/> replaces the provider for later calls.
/// </summary>
public static class Backends
{
    /// <summary>The package a GPU device needs, named in the error when none is registered.</summary>
    public const string GpuPackage = "Kernel.Autodiff.Gpu";

    private static IDeviceBackendProvider? devices;

    /// <summary>The provider of non-host devices, or null when no device package registered one.</summary>
    public static IDeviceBackendProvider? Devices => Volatile.Read(ref devices);

    /// <summary>Makes <paramref name="provider"/> open every device other than the host from now on.</summary>
    /// <param name="provider">The device package's provider.</param>
    public static void Register(IDeviceBackendProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Volatile.Write(ref devices, provider);
    }

    /// <summary>
    /// The host backend for <see cref="DeviceKind.Cpu"/>, otherwise the registered provider's backend, which owns the
    /// device it opens. Dispose the backend when done.
    /// </summary>
    /// <param name="kind">Where to compute.</param>
    /// <param name="index">Which device of that kind (the CPU has only index 0).</param>
    /// <param name="accumulation">How fp16 reductions and GEMM accumulate.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="DeviceNotAvailableException">
    /// The device is not there (the message lists what is), or it is a GPU device and no provider is registered (the
    /// message names the device and the package that provides it).
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not defined or <paramref name="index"/> is negative.</exception>
    public static ComputeBackend<T> Open<T>(DeviceKind kind, int index = 0, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentException($"kind is {(int)kind}; allowed values are Cpu, Cuda and IlgpuCpu.", nameof(kind));
        }

        if (index < 0)
        {
            throw new ArgumentException($"index is {index}; it must be >= 0.", nameof(index));
        }

        IDeviceBackendProvider? provider = Devices;
        if (kind != DeviceKind.Cpu)
        {
            return provider is null
                ? throw new DeviceNotAvailableException(
                    kind, index, $"device {DeviceNames.Of(kind)}:{index} needs the GPU backend, which is not part of Kernel.Autodiff: reference the {GpuPackage} package and call Kernel.Autodiff.Gpu.GpuBackends.Register() first.")
                : provider.Open<T>(kind, index, accumulation);
        }

        if (index != 0)
        {
            IReadOnlyList<DeviceDescription> available = provider?.Available() ?? [DeviceDescription.Host()];
            throw new DeviceNotAvailableException(
                kind, index, $"device cpu:{index} is not available: the host is one device, cpu:0. Available: {string.Join(", ", available)}.");
        }

        return new CpuBackend<T>(accumulation);
    }
}
