using Kernel.Autodiff;
using Kernel.Autodiff.Monitor;
using Kernel.Autodiff.Ops;
using Kernel.Autodiff.Storage;
using Xunit;

namespace Kernel.Autodiff.Gpu.Tests.Backend;

/// <summary>
/// The numerics monitor on device tensors: the first non-finite value is found by the device scan, forward and
/// backward, and reported exactly as on the host (op, label, tape index, pass, element, fp64 replay, input summaries);
/// headroom summaries equal the host's for tensors the device computes in the host's order (the scans themselves are exact).
/// </summary>
public sealed class DeviceMonitorTests(BackendFixture fixture) : IClassFixture<BackendFixture>
{
    [Fact]
    public void AForwardOverflowIsReportedAsOnTheHost()
    {
        AnomalyReport host = ForwardOverflow(new CpuBackend<Half>())!;
        AnomalyReport device = ForwardOverflow(fixture.Fp16)!;
        Assert.Equal("exp", device.Op);
        Assert.Equal("ratio", device.Label);
        Assert.Equal(TapePhase.Forward, device.Phase);
        Assert.Equal(3, device.ElementIndex);
        Assert.Equal(Math.Exp(12), device.Fp64Value, 1e-9);
        Assert.Equal(host.Describe(), device.Describe());
    }

    [Fact]
    public void ABackwardOverflowIsReportedAsOnTheHost()
    {
        AnomalyReport host = BackwardOverflow(new CpuBackend<Half>());
        AnomalyReport device = BackwardOverflow(fixture.Fp16);
        Assert.Equal(TapePhase.Backward, device.Phase);
        Assert.Contains("div", device.BackwardOf);
        Assert.Equal(host.Describe(), device.Describe());
    }

    [Fact]
    public void HeadroomAndThrowingMatchTheHost()
    {
        IReadOnlyList<HeadroomRecord> host = Headroom(new CpuBackend<float>());
        IReadOnlyList<HeadroomRecord> device = Headroom(fixture.Fp32);
        Assert.Equal(host, device);
        Assert.Contains(device, r => r.Label == "tiny" && r.UnderflowDecades < 0); // subnormal fp32 values, classified on the device

        var tape = new Tape<Half>(fixture.Fp16) { Monitor = new NumericsMonitor<Half>(throwOnAnomaly: true) };
        Tensor<Half> x = tape.Variable(Shape.Vector(2), [(Half)1, (Half)20]);
        var error = Assert.Throws<NumericsAnomalyException>(() => x.Exp("boom"));
        Assert.Equal("boom", error.Report.Label);
        Assert.Equal(1, error.Report.ElementIndex);
    }

    private static AnomalyReport? ForwardOverflow(ComputeBackend<Half> backend)
    {
        var tape = new Tape<Half>(backend) { Monitor = new NumericsMonitor<Half>() };
        Tensor<Half> logRatio = tape.Variable(Shape.Vector(5), [(Half)0.5, (Half)(-1), (Half)3, (Half)12, (Half)13], "log_ratio");
        logRatio.Exp("ratio").Sum("loss");
        return tape.Monitor.FirstAnomaly;
    }

    /// <summary>1/x is finite in fp16 for x = 0.003 (333), its derivative -1/x^2 (-111111) is not.</summary>
    private static AnomalyReport BackwardOverflow(ComputeBackend<Half> backend)
    {
        var tape = new Tape<Half>(backend);
        Tensor<Half> x = tape.Variable(Shape.Vector(3), [(Half)0.5, (Half)0.003, (Half)2], "x");
        Tensor<Half> loss = tape.Full(Shape.Vector(3), (Half)1).Divide(x, "reciprocal").Sum("loss");
        var monitor = new NumericsMonitor<Half>();
        tape.Monitor = monitor;
        tape.Backward(loss);
        Assert.NotNull(monitor.FirstAnomaly);
        return monitor.FirstAnomaly!;
    }

    private static IReadOnlyList<HeadroomRecord> Headroom(ComputeBackend<float> backend)
    {
        var tape = new Tape<float>(backend) { Monitor = new NumericsMonitor<float>(detectAnomalies: true) };
        Tensor<float> x = tape.Variable(Shape.Matrix(3, 5), [.. Enumerable.Range(0, 15).Select(i => (i - 7) * 0.37f)], "x");
        x.Square("square").Sum(axis: 0, "column_sums").MultiplyScalar(MathF.ScaleB(1f, -140), "tiny");
        x.Exp("exp").Add(x, "shifted");
        return tape.Monitor!.Headroom();
    }
}
