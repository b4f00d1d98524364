using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Gpu.Tests.Backend;

/// <summary>One ILGPU CPU accelerator with a tape backend per precision, shared by a test class (opening and compiling is the slow part).</summary>
public sealed class BackendFixture : IDisposable
{
    public BackendFixture()
    {
        Device = GpuDevice.Open(DeviceKind.IlgpuCpu);
        Half = GpuBackend<System.Half>.Create(Device);
        Single = GpuBackend<float>.Create(Device);
        Double = GpuBackend<double>.Create(Device);
    }

    public GpuDevice Device { get; }

    public GpuBackend<System.Half> Half { get; }

    public GpuBackend<float> Single { get; }

    public GpuBackend<double> Double { get; }

    /// <summary>The backend of precision <typeparamref name="T"/>.</summary>
    public GpuBackend<T> For<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => (GpuBackend<T>)(object)(typeof(T) == typeof(System.Half) ? Half : typeof(T) == typeof(float) ? Single : Double);

    public void Dispose() => Device.Dispose();
}
