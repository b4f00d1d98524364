using Kernel.Kernels;
using Kernel.Kernels.Gpu;

namespace Kernel.Autodiff.Gpu;

/// <summary>
/// The GPU backend's plug-in for <see cref="Backends"/>: after <see cref="Register"/>, <see cref="Backends.Open{T}"/>
/// opens cuda and ilgpu-cpu devices as <see cref="GpuBackend{T}"/>s. Stateless, so thread-safe.
/// </summary>
public sealed class GpuBackends : IDeviceBackendProvider
{
    private GpuBackends()
    {
    }

    /// <summary>The provider.</summary>
    public static GpuBackends Instance { get; } = new();

    /// <summary>Makes <see cref="Backends.Open{T}"/> open GPU devices through this package (call once at start; repeating is harmless).</summary>
    public static void Register() => Backends.Register(Instance);

    /// <inheritdoc />
    public IReadOnlyList<DeviceDescription> Available() => GpuDevice.Available();

    /// <inheritdoc />
    public ComputeBackend<T> Open<T>(DeviceKind kind, int index, Accumulation accumulation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => GpuBackend<T>.Open(kind, index, accumulation);
}
