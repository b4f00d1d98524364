using Kernel.Autodiff.Monitor;
using Kernel.Autodiff.Ops;
using Xunit;

namespace Kernel.Autodiff.Tests;

public class MonitorTests
{
    [Fact]
    public void ExpOverflowsJustAboveLnMaxInFp16() => ExpOverflowsAt<Half>(11.08, 11.1, 65504);

    [Fact]
    public void ExpOverflowsJustAboveLnMaxInFp32() => ExpOverflowsAt<float>(88.72, 88.73, float.MaxValue);

    [Fact]
    public void ExpOverflowsJustAboveLnMaxInFp64() => ExpOverflowsAt<double>(709.78, 709.79, double.MaxValue);

    [Fact]
    public void MonitorReportsTheFirstAnomalyOfABackwardPass()
    {
        var tape = new Tape<float> { Monitor = new NumericsMonitor<float>() };
        Tensor<float> x = tape.Variable(Shape.Vector(2), [0f, 1f], "x");
        Tensor<float> root = x.Sqrt("root");
        Assert.Null(tape.Monitor.FirstAnomaly);
        tape.Backward(root.Sum());
        AnomalyReport report = Assert.IsType<AnomalyReport>(tape.Monitor.FirstAnomaly);
        Assert.Equal(TapePhase.Backward, report.Phase);
        Assert.Contains("sqrt(\"root\")", report.BackwardOf);
        Assert.Equal(0, report.ElementIndex);
        Assert.True(double.IsPositiveInfinity(report.Value));
    }

    [Fact]
    public void HeadroomTracksLabelledTensorsInDecades()
    {
        var tape = new Tape<Half> { Monitor = new NumericsMonitor<Half>() };
        Tensor<Half> logRatio = tape.Constant(Shape.Vector(2), [(Half)2.0, (Half)9.0], "log_ratio");
        logRatio.Exp("ratio");
        Assert.True(tape.Monitor.TryGetHeadroom("ratio", out HeadroomRecord record));
        Assert.Equal(Math.Log10(65504 / (double)(Half)Math.Exp(9)), record.OverflowDecades, 6);
        Assert.Equal("fp16", record.Precision);
        Assert.Equal(0, record.NonFiniteCount);
    }

    [Fact]
    public void ThrowingMonitorStopsAtTheFirstAnomaly()
    {
        var tape = new Tape<float> { Monitor = new NumericsMonitor<float>(throwOnAnomaly: true) };
        Tensor<float> zero = tape.Constant(Shape.Scalar, [0f], "zero");
        NumericsAnomalyException error = Assert.Throws<NumericsAnomalyException>(() => zero.Log("logp"));
        Assert.Equal("log", error.Report.Op);
        Assert.True(double.IsNegativeInfinity(error.Report.Fp64Value));
    }

    private static void ExpOverflowsAt<T>(double below, double above, double max)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tape = new Tape<T> { Monitor = new NumericsMonitor<T>() };
        Tensor<T> logRatio = tape.Constant(Shape.Vector(3), [T.CreateTruncating(0.5), T.CreateTruncating(below), T.CreateTruncating(above)], "log_ratio");
        Tensor<T> ratio = logRatio.Exp("ratio");

        Assert.True(T.IsFinite(ratio.Values[1]));
        Assert.True(T.IsPositiveInfinity(ratio.Values[2]));
        AnomalyReport report = Assert.IsType<AnomalyReport>(tape.Monitor!.FirstAnomaly);
        Assert.Equal("exp", report.Op);
        Assert.Equal("ratio", report.Label);
        Assert.Equal(ratio.TapeIndex, report.TapeIndex);
        Assert.Equal(TapePhase.Forward, report.Phase);
        Assert.Equal(Precision.NameOf<T>(), report.Precision);
        Assert.Equal(2, report.ElementIndex);
        double expected = Math.Exp(double.CreateTruncating(T.CreateTruncating(above)));
        if (double.IsFinite(expected))
        {
            Assert.Equal(expected, report.Fp64Value, expected * 1e-12);
        }

        Assert.Equal(max, report.PrecisionMax);
        Assert.Contains("exp(\"ratio\")", report.Headline);
        Assert.Equal("log_ratio", Assert.Single(report.Inputs).Label);
    }
}
