using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Gpu.Tests.Backend;

/// <summary>One ILGPU CPU accelerator with a tape backend per precision, shared by a test class (opening and compiling is the slow part).</summary>
public sealed class BackendFixture : IDisposable
{
    public BackendFixture()
    {
        Device = GpuDevice.Open(DeviceKind.IlgpuCpu);
        Fp16 = GpuBackend<System.Half>.Create(Device);
        Fp32 = GpuBackend<float>.Create(Device);
        Fp64 = GpuBackend<double>.Create(Device);
    }

    public GpuDevice Device { get; }

    public GpuBackend<System.Half> Fp16 { get; }

    public GpuBackend<float> Fp32 { get; }

    public GpuBackend<double> Fp64 { get; }

    /// <summary>The backend of precision <typeparamref name="T"/>.</summary>
    public GpuBackend<T> For<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => (GpuBackend<T>)(object)(typeof(T) == typeof(System.Half) ? Fp16 : typeof(T) == typeof(float) ? Fp32 : Fp64);

    public void Dispose() => Device.Dispose();
}
