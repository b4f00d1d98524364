using Kernel.Autodiff;
using Kernel.Autodiff.Ops;
using Kernel.Autodiff.Storage;
using Xunit;

namespace Kernel.Autodiff.Gpu.Tests.Backend;

/// <summary>Transfers, host reads, storage ownership, pooled-buffer reuse, device choice and lifetime of the device backend.</summary>
public sealed class GpuBackendTests(BackendFixture fixture) : IClassFixture<BackendFixture>
{
    [Fact]
    public void UploadAndDownloadAreBitExactInEveryPrecision()
    {
        RoundTrip(fixture.Fp16, [(Half)1.5, Half.NegativeZero, Half.Epsilon, Half.MaxValue, Half.NaN, Half.NegativeInfinity, BitConverter.Int16BitsToHalf(0x7E01)]);
        RoundTrip(fixture.Fp32, [1.5f, -0f, float.Epsilon, float.MaxValue, float.NaN, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC0_0001)]);
        RoundTrip(fixture.Fp64, [1.5, -0.0, double.Epsilon, double.MaxValue, double.NaN, double.NegativeInfinity, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001)]);
    }

    [Fact]
    public void DeviceTensorsAreReadOnTheHostOnlyByTransfers()
    {
        var tape = new Tape<float>(fixture.Fp32);
        Tensor<float> w = tape.Parameter(Shape.Matrix(2, 3), [1, 2, 3, 4, 5, 6], "w");
        Tensor<float> y = w.Square().Sum(axis: 0);
        Assert.False(y.IsHostMemory);
        Assert.Equal(new float[] { 17, 29, 45 }, y.Values.ToArray());
        Assert.Equal(y.ToArray(), y.Values.ToArray());
        Assert.Equal(91f, y.Sum().Item());

        var error = Assert.Throws<InvalidOperationException>(() => w.LeafValues.Length);
        Assert.Contains("ilgpu-cpu", error.Message);
        w.SetValues([0, 0, 0, 0, 0, 1]);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 1 }, w.ToArray());
        Assert.True(new Tape<float>().Scalar(1).IsHostMemory);
    }

    [Fact]
    public void StoragesBelongToTheirBackend()
    {
        TensorStorage<float> host = new CpuBackend<float>().Allocate(3);
        TensorStorage<float> device = fixture.Fp32.Allocate(3);
        var error = Assert.Throws<ArgumentException>(() => fixture.Fp32.Unary(UnaryKernel.Exp, host, device));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("not allocated by this ilgpu-cpu backend", error.Message);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => fixture.Fp32.Download(device, new float[2])).ParamName);
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Fp32.Allocate(-1)).ParamName);
        Assert.Equal(new float[3], ((GpuStorage<float>)device).Owner.HostValues(device).ToArray());
    }

    [Fact]
    public void APooledBufferOutgrownAfterResetIsReplaced()
    {
        var tape = new Tape<double>(fixture.Fp64);
        Tensor<double> small = tape.Constant(Shape.Vector(2), [1, 2]).Exp();
        Assert.Equal(Math.Exp(2), small.ToArray()[1], 15);
        tape.Reset();
        double[] values = [.. Enumerable.Range(0, 50).Select(i => i * 0.1)];
        Tensor<double> large = tape.Constant(Shape.Vector(50), values).Exp();
        Assert.Equal(values.Select(Math.Exp), large.ToArray());
        Assert.Throws<InvalidOperationException>(() => small.ToArray());
    }

    [Fact]
    public void ADeviceIsChosenExplicitlyAndNeverFallsBack()
    {
        GpuBackends.Register();
        Assert.IsType<CpuBackend<float>>(Backends.Open<float>(DeviceKind.Cpu));
        using (ComputeBackend<float> plugged = Backends.Open<float>(DeviceKind.IlgpuCpu))
        {
            Assert.Equal("ilgpu-cpu", Assert.IsAssignableFrom<GpuBackend<float>>(plugged).Name);
        }

        var cpu1 = Assert.Throws<DeviceNotAvailableException>(() => Backends.Open<float>(DeviceKind.Cpu, 1));
        Assert.Contains("cpu:1 is not available", cpu1.Message);
        Assert.Contains("ilgpu-cpu:0", cpu1.Message);
        Assert.Throws<NotSupportedException>(() => GpuBackend<System.Runtime.InteropServices.NFloat>.Create(fixture.Device));
        Assert.Equal("accumulation", Assert.Throws<ArgumentOutOfRangeException>(() => GpuBackend<float>.Create(fixture.Device, (Accumulation)9)).ParamName);
    }

    [SkippableFact]
    public void AMissingCudaDeviceIsRefusedListingTheCpu()
    {
        Skip.If(GpuDevice.Available().Any(d => d.Kind == DeviceKind.Cuda), "a CUDA device is present, so it cannot be shown missing");
        GpuBackends.Register();
        var cuda = Assert.Throws<DeviceNotAvailableException>(() => Backends.Open<float>(DeviceKind.Cuda));
        Assert.Contains("cuda:0 is not available", cuda.Message);
        Assert.Contains("Available: cpu:0", cuda.Message);
    }

    [Fact]
    public void AnOwningBackendClosesItsDeviceABorrowingOneDoesNot()
    {
        GpuBackend<float> owning = GpuBackend<float>.Open(DeviceKind.IlgpuCpu);
        Assert.Equal("ilgpu-cpu", owning.Name);
        owning.Dispose();
        Assert.Throws<ObjectDisposedException>(() => owning.Device.Accelerator);

        GpuBackend<float> borrowing = GpuBackend<float>.Create(fixture.Device);
        borrowing.Dispose();
        Assert.Equal(3, fixture.Fp32.Allocate(3).Capacity);
    }

    private static void RoundTrip<T>(GpuBackend<T> backend, T[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TensorStorage<T> storage = backend.Allocate(values.Length);
        backend.Upload(values, storage);
        var back = new T[values.Length];
        backend.Download(storage, back);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(back.AsSpan())), typeof(T).Name);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(backend.HostValues(storage))), typeof(T).Name);
    }
}
