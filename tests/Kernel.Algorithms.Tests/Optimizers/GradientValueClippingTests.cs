using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Optimizers;

/// <summary>Per-component clipping (clip_grad_value_, seed 003): clamps each element, may turn the direction, keeps NaN.</summary>
public class GradientValueClippingTests
{
    [Fact]
    public void ClampsEachComponentToTheBox()
    {
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("a", [0, 0, 0, 0]), ("b", [0, 0]));
        GradientFixture.SetGradients(parameters, [-3.0, 0.5, 2.0, -0.2], [double.NegativeInfinity, 1.0]);

        GradientClipping.ClipValue(parameters, 1.0);

        Assert.Equal([-1.0, 0.5, 1.0, -0.2], GradientFixture.Gradient(parameters[0]));
        Assert.Equal([-1.0, 1.0], GradientFixture.Gradient(parameters[1]));
    }

    [Fact]
    public void UnlikeNormClippingItCanChangeTheDirection()
    {
        // Seed 003: [10, 0.1] clamped at 1 is [1, 0.1] (ratio 10 instead of 100); norm clipping keeps the ratio.
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("a", [0, 0]));
        GradientFixture.SetGradients(parameters, [10.0, 0.1]);
        GradientClipping.ClipValue(parameters, 1.0);
        Assert.Equal([1.0, 0.1], GradientFixture.Gradient(parameters[0]));

        GradientFixture.SetGradients(parameters, [10.0, 0.1]);
        GradientClipping.ClipNorm(parameters, 1.0);
        double[] scaled = GradientFixture.Gradient(parameters[0]);
        Assert.Equal(100.0, scaled[0] / scaled[1], 1e-12);
    }

    [Fact]
    public void NanComponentsStayNan()
    {
        NamedParameter<float>[] parameters = GradientFixture.Parameters(new Tape<float>(), ("a", [0, 0]));
        GradientFixture.SetGradients(parameters, [double.NaN, -5.0]);
        GradientClipping.ClipValue(parameters, 0.5);
        float[] clipped = parameters[0].Tensor.Tape.AccumulatedGradient(parameters[0].Tensor).ToArray();
        Assert.True(float.IsNaN(clipped[0]));
        Assert.Equal(-0.5f, clipped[1]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ClipValueMustBeFiniteAndPositive(double clipValue)
    {
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("a", [0.0]));
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipValue(parameters, clipValue));
        Assert.Equal("clipValue", error.ParamName);
    }
}
