using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Optimizers;

/// <summary>clip_grad_norm_ semantics: global fp64 norm, scale max/(total + 1e-6) only when below 1, pre-clip norm returned.</summary>
public class GradientNormClippingTests
{
    [Fact]
    public void ScalesAllGradientsTogetherAndReturnsTheNormBeforeClipping()
    {
        // Gradients [3, 4] and [12]: total = sqrt(9 + 16 + 144) = 13. maxNorm 6.5: scale = 6.5 / (13 + 1e-6) = 0.49999996153846454.
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("a", [0.0, 0.0]), ("b", [0.0]));
        GradientFixture.SetGradients(parameters, [3.0, 4.0], [12.0]);

        double norm = GradientClipping.ClipNorm(parameters, 6.5);

        Assert.Equal(13.0, norm);
        double scale = 0.49999996153846454;
        Assert.Equal([3.0 * scale, 4.0 * scale], GradientFixture.Gradient(parameters[0]));
        Assert.Equal([12.0 * scale], GradientFixture.Gradient(parameters[1]));
        Assert.True(GradientClipping.TotalNorm(parameters) < 6.5);
    }

    [Fact]
    public void LongFloatGradientsCountEveryVectorLaneAndTailElementOnce() => AssertLongNorm<float>();

    [Fact]
    public void LongDoubleGradientsCountEveryVectorLaneAndTailElementOnce() => AssertLongNorm<double>();

    [Fact]
    public void LongHalfGradientsCountEveryVectorLaneAndTailElementOnce() => AssertLongNorm<Half>();

    /// <summary>
    /// 1003 and 37 elements (whole 16-element blocks and tails): all 1.5 but a 0.25 inside a block and a 3 in a tail,
    /// so every partial sum is a multiple of 1/16 below 2^20 and exact in any order: the norm is exactly
    /// sqrt(2.25 * 1038 + 0.0625 + 9) whatever the order of additions.
    /// </summary>
    private static void AssertLongNorm<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double[] first = Enumerable.Repeat(1.5, 1003).ToArray();
        first[21] = 0.25;
        first[1001] = 3.0;
        double[] second = Enumerable.Repeat(-1.5, 37).ToArray();
        NamedParameter<T>[] parameters = GradientFixture.Parameters(new Tape<T>(), ("a", new double[first.Length]), ("b", new double[second.Length]));
        GradientFixture.SetGradients(parameters, first, second);

        double expected = Math.Sqrt(first.Concat(second).Sum(g => g * g));

        Assert.Equal(Math.Sqrt((2.25 * 1038) + 0.0625 + 9), expected);
        Assert.Equal(expected, GradientClipping.TotalNorm(parameters));
    }

    [Fact]
    public void LeavesGradientsUntouchedUnderTheLimit()
    {
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("a", [0.0, 0.0]), ("b", [0.0]));
        GradientFixture.SetGradients(parameters, [3.0, 4.0], [12.0]);

        Assert.Equal(13.0, GradientClipping.ClipNorm(parameters, 20.0));
        Assert.Equal([3.0, 4.0], GradientFixture.Gradient(parameters[0]));
        Assert.Equal([12.0], GradientFixture.Gradient(parameters[1]));
    }

    [Fact]
    public void AtExactlyTheLimitTheEpsilonStillScalesSlightly()
    {
        // PyTorch's coefficient is max / (total + 1e-6) = 13 / 13.000001 = 0.9999999230769291 < 1, so it applies.
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("a", [0.0, 0.0]), ("b", [0.0]));
        GradientFixture.SetGradients(parameters, [3.0, 4.0], [12.0]);

        GradientClipping.ClipNorm(parameters, 13.0);

        Assert.Equal([12.0 * 0.9999999230769291], GradientFixture.Gradient(parameters[1]));
    }

    [Fact]
    public void HalfGradientsAreSummedInDoubleSoTheNormSurvivesFp16Overflow()
    {
        // Four gradients of 300: each square (90000) overflows fp16 (max 65504), the norm 600 does not.
        NamedParameter<Half>[] parameters = GradientFixture.Parameters(new Tape<Half>(), ("a", [0.0, 0.0, 0.0, 0.0]));
        GradientFixture.SetGradients(parameters, [300.0, -300.0, 300.0, 300.0]);

        Assert.Equal(600.0, GradientClipping.ClipNorm(parameters, 60.0));
        Half expected = (Half)(300f * (float)(60.0 / (600.0 + 1e-6)));
        Assert.Equal([expected, -expected, expected, expected], parameters[0].Tensor.Tape.AccumulatedGradient(parameters[0].Tensor).ToArray());
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void ANonFiniteNormIsReturnedAndTheGradientsAreKeptAsEvidence(double bad)
    {
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("a", [0.0, 0.0]));
        GradientFixture.SetGradients(parameters, [bad, 2.0]);

        double norm = GradientClipping.ClipNorm(parameters, 1.0);

        Assert.False(double.IsFinite(norm));
        Assert.Equal([bad, 2.0], GradientFixture.Gradient(parameters[0]));
    }

    [Fact]
    public void InfiniteMaxNormMeasuresWithoutClipping()
    {
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("a", [0.0, 0.0]));
        GradientFixture.SetGradients(parameters, [1e200, 1e200]);
        Assert.Equal(double.PositiveInfinity, GradientClipping.ClipNorm(parameters, double.PositiveInfinity));
        GradientFixture.SetGradients(parameters, [30.0, 40.0]);
        Assert.Equal(50.0, GradientClipping.ClipNorm(parameters, double.PositiveInfinity));
        Assert.Equal([30.0, 40.0], GradientFixture.Gradient(parameters[0]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void MaxNormMustBePositive(double maxNorm)
    {
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("a", [0.0]));
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipNorm(parameters, maxNorm));
        Assert.Equal("maxNorm", error.ParamName);
    }
}
