namespace Kernel.Kernels.Gpu.Tests;

/// <summary>One ILGPU CPU accelerator shared by a test class (opening one and compiling kernels is the slow part).</summary>
public sealed class IlgpuCpuFixture : IDisposable
{
    public IlgpuCpuFixture() => Device = GpuDevice.Open(DeviceKind.IlgpuCpu);

    public GpuDevice Device { get; }

    public void Dispose() => Device.Dispose();
}
