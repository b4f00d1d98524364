using Kernel.Autodiff.Monitor;
using Kernel.Autodiff.Ops;
using Kernel.Autodiff.Storage;
using Kernel.Kernels;
using Xunit;

namespace Kernel.Autodiff.Tests;

/// <summary>
/// Mean is one reduction, not a sum followed by a scaling: in fp16 it accumulates (widened: in fp32), scales by 1/n and
/// rounds once, so a mean that fits is finite even when the sum does not (PyTorch's fp16 mean behaves the same).
/// The case is the one a PPO run on Humanoid-v4 hit: a value loss over a minibatch of 64 whose sum passed 65504.
/// </summary>
public class MeanTests
{
    private const int Count = 64;
    private static readonly Half Value = (Half)5292; // 64 x 5292 = 338688 > fp16 max 65504

    [Fact]
    public void Fp16MeanWhoseSumOverflowsIsFiniteAndItsGradientIsOneOverN()
    {
        var sums = new Tape<Half>();
        Tensor<Half> sum = sums.Constant(Shape.Vector(Count), Enumerable.Repeat(Value, Count).ToArray()).Sum();
        Assert.True(Half.IsPositiveInfinity(sum.Values[0]), "the sum itself does overflow fp16");

        var tape = new Tape<Half> { Monitor = new NumericsMonitor<Half>() };
        Tensor<Half> x = tape.Variable(Shape.Vector(Count), Enumerable.Repeat(Value, Count).ToArray(), "x");
        Tensor<Half> mean = x.Mean("value_loss");
        Assert.Equal(Value, mean.Values[0]);
        tape.Backward(mean);
        Assert.All(tape.AccumulatedGradient(x).Values.ToArray(), g => Assert.Equal((Half)(1.0 / Count), g));
        Assert.Null(tape.Monitor.FirstAnomaly);
    }

    [Fact]
    public void Fp16MeansAlongAnAxisWhoseSumsOverflowAreFinite()
    {
        var tape = new Tape<Half> { Monitor = new NumericsMonitor<Half>() };
        Half[] values = Enumerable.Repeat(Value, Count * 3).ToArray();
        Tensor<Half> tall = tape.Variable(Shape.Matrix(Count, 3), values);
        Tensor<Half> wide = tape.Variable(Shape.Matrix(3, Count), values);
        Tensor<Half> perColumn = tall.Mean(axis: 0);
        Tensor<Half> perRow = wide.Mean(axis: 1);
        Assert.All(perColumn.Values.ToArray(), m => Assert.Equal(Value, m));
        Assert.All(perRow.Values.ToArray(), m => Assert.Equal(Value, m));
        tape.Backward(perColumn.Mean().Add(perRow.Mean()));
        Half expected = (Half)(1.0 / (3 * Count));
        Assert.All(tape.AccumulatedGradient(tall).Values.ToArray(), g => Assert.Equal(expected, g));
        Assert.All(tape.AccumulatedGradient(wide).Values.ToArray(), g => Assert.Equal(expected, g));
        Assert.Null(tape.Monitor.FirstAnomaly);
    }

    [Fact]
    public void StrictFp16AccumulationStillShowsTheWorstCaseAndTheMonitorNamesTheMean()
    {
        // Strict rounds the running sum to fp16 after every addition: it overflows at the 13th value, and dividing
        // +inf by 64 leaves +inf. fp64 replays the same op and finds the mean that fits.
        var tape = new Tape<Half>(new CpuBackend<Half>(Accumulation.Strict)) { Monitor = new NumericsMonitor<Half>() };
        Tensor<Half> x = tape.Constant(Shape.Vector(Count), Enumerable.Repeat(Value, Count).ToArray(), "x");
        Tensor<Half> mean = x.Mean("value_loss");
        Assert.True(Half.IsPositiveInfinity(mean.Values[0]));
        AnomalyReport report = Assert.IsType<AnomalyReport>(tape.Monitor.FirstAnomaly);
        Assert.Equal("mean", report.Op);
        Assert.Equal("value_loss", report.Label);
        Assert.Equal((double)Value, report.Fp64Value);
    }

    [Fact]
    public void AMeanRecordsOneOpNamedForItsAxis()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Matrix(2, 3), [1, 2, 3, 4, 5, 6]);
        Assert.Equal(3.5, x.Mean().Values[0]);
        Assert.Equal([2.5, 3.5, 4.5], x.Mean(axis: 0).Values.ToArray());
        Assert.Equal([2.0, 5.0], x.Mean(axis: 1).Values.ToArray());
        Assert.Equal(["mean", "mean_axis0", "mean_axis1"], tape.RecordedOps().ToArray());
    }

    [Fact]
    public void TheMeanOfNothingIsNanAsInTorch()
    {
        var tape = new Tape<float>();
        Tensor<float> empty = tape.Variable(Shape.Vector(0), []);
        Assert.True(float.IsNaN(empty.Mean().Values[0]));
    }
}
