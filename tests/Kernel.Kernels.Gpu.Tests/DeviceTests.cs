using Xunit;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>Device listing, opening, the missing-device error and disposal.</summary>
public sealed class DeviceTests
{
    [Fact]
    public void AvailableAlwaysListsTheCpuKinds()
    {
        IReadOnlyList<DeviceDescription> devices = GpuDevice.Available();
        Assert.Equal(DeviceKind.Cpu, devices[0].Kind);
        Assert.Contains(devices, d => d.Kind == DeviceKind.IlgpuCpu && d.Index == 0);
        Assert.Equal("ilgpu-cpu:0 (ILGPU CPU accelerator)", devices[1].ToString());
    }

    [Fact]
    public void AMissingDeviceIsAClearErrorListingWhatIsAvailable()
    {
        var error = Assert.Throws<DeviceNotAvailableException>(() => GpuDevice.Open(DeviceKind.IlgpuCpu, 3));
        Assert.Equal(DeviceKind.IlgpuCpu, error.Kind);
        Assert.Equal(3, error.Index);
        Assert.Contains("ilgpu-cpu:3 is not available", error.Message);
        Assert.Contains("Available: cpu:0", error.Message);

        int cudaCount = GpuDevice.Available().Count(d => d.Kind == DeviceKind.Cuda);
        var cuda = Assert.Throws<DeviceNotAvailableException>(() => GpuDevice.Open(DeviceKind.Cuda, cudaCount));
        Assert.Contains($"cuda:{cudaCount} is not available", cuda.Message);
    }

    [Fact]
    public void BadRequestsNameTheParameter()
    {
        Assert.Equal("kind", Assert.Throws<ArgumentException>(() => GpuDevice.Open(DeviceKind.Cpu)).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentException>(() => GpuDevice.Open((DeviceKind)7)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentException>(() => GpuDevice.Open(DeviceKind.IlgpuCpu, -1)).ParamName);
        Assert.Equal(DeviceKind.IlgpuCpu, DeviceNames.Parse("ILGPU-CPU"));
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => DeviceNames.Parse("gpu")).ParamName);
    }

    [Fact]
    public void DisposeReleasesTheDeviceAndLaterUseThrows()
    {
        GpuDevice device = GpuDevice.Open(DeviceKind.IlgpuCpu);
        Assert.Equal(DeviceKind.IlgpuCpu, device.Kind);
        device.Dispose();
        device.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => device.Accelerator);
        Assert.Throws<ObjectDisposedException>(() => device.Allocate<float>(4));
    }

    [Fact]
    public void UnsupportedElementTypesAreRejected()
    {
        using GpuDevice device = GpuDevice.Open(DeviceKind.IlgpuCpu);
        using var buffer = device.Allocate<int>(4);
        var error = Assert.Throws<NotSupportedException>(() => device.Elementwise.Unary(UnaryOp.Negate, buffer.Flat(), buffer.Flat()));
        Assert.Contains("Int32", error.Message);
    }

    [CudaFact]
    public void CudaDeviceRunsAKernelLikeTheCpu()
    {
        using GpuDevice device = GpuDevice.Open(DeviceKind.Cuda);
        float[] x = Precision.Uniform<float>(1000, -5, 5, 3);
        var expected = new float[x.Length];
        Kernel.Kernels.Cpu.Elementwise.Tanh<float>(x, expected);
        using var gx = Precision.Upload<float, float>(device, x);
        device.Elementwise.Unary(UnaryOp.Tanh, gx.Flat(), gx.Flat());
        ElementwiseTests.AssertClose(expected, Precision.Download<float, float>(gx.Flat()), 1, "cuda tanh");
    }
}
