using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Optimizers;

/// <summary>SGD against torch.optim.SGD's rule worked by hand (values chosen so every step is exact), and bad input.</summary>
public class SgdTests
{
    private static readonly double[] P0 = [1.0, -2.0];
    private static readonly double[] G1 = [0.5, 1.0];
    private static readonly double[] G2 = [0.25, -1.0];

    [Fact]
    public void MomentumTwoStepsByHand()
    {
        // lr 0.5, momentum 0.5. t = 1: buf = g1 = [0.5, 1.0] (cloned, no dampening); p = p0 - 0.5 buf = [0.75, -2.5].
        // t = 2: buf = 0.5 buf + g2 = [0.25 + 0.25, 0.5 - 1.0] = [0.5, -0.5]; p = [0.75 - 0.25, -2.5 + 0.25] = [0.5, -2.25].
        AssertTwoSteps(new SgdCase(Momentum: 0.5), [0.75, -2.5], [0.5, -2.25], expectedBuffer: [0.5, -0.5]);
    }

    [Fact]
    public void DampeningScalesNewGradientsButNotTheFirst()
    {
        // lr 0.5, momentum 0.5, dampening 0.5. t = 1: buf = g1 = [0.5, 1.0]; p = [0.75, -2.5].
        // t = 2: buf = 0.5 buf + 0.5 g2 = [0.25 + 0.125, 0.5 - 0.5] = [0.375, 0.0]; p = [0.75 - 0.1875, -2.5] = [0.5625, -2.5].
        AssertTwoSteps(new SgdCase(Momentum: 0.5, Dampening: 0.5), [0.75, -2.5], [0.5625, -2.5], expectedBuffer: [0.375, 0.0]);
    }

    [Fact]
    public void NesterovStepsAlongGradientPlusMomentumTimesBuffer()
    {
        // lr 0.5, momentum 0.5, nesterov. t = 1: buf = g1; d = g1 + 0.5 buf = [0.75, 1.5]; p = [1 - 0.375, -2 - 0.75] = [0.625, -2.75].
        // t = 2: buf = 0.5 buf + g2 = [0.5, -0.5]; d = g2 + 0.5 buf = [0.5, -1.25]; p = [0.625 - 0.25, -2.75 + 0.625] = [0.375, -2.125].
        AssertTwoSteps(new SgdCase(Momentum: 0.5, Nesterov: true), [0.625, -2.75], [0.375, -2.125], expectedBuffer: [0.5, -0.5]);
    }

    [Fact]
    public void PlainSgdWithWeightDecay()
    {
        // lr 0.5, weight decay 0.5. t = 1: d = g1 + 0.5 p0 = [1.0, 0.0]; p = [0.5, -2.0].
        // t = 2: d = g2 + 0.5 p = [0.5, -2.0]; p = [0.25, -1.0].
        AssertTwoSteps(new SgdCase(WeightDecay: 0.5), [0.5, -2.0], [0.25, -1.0], expectedBuffer: null);
    }

    [Fact]
    public void HalfParametersStepInFloatAndRoundOnce()
    {
        // p = 1 + (-0.001) * 0.3 = 0.9997 in float; in fp16 that rounds to 0.99951171875 (2^-11 spacing below 1).
        var tape = new Tape<Half>();
        NamedParameter<Half>[] parameters = GradientFixture.Parameters(tape, ("w", [1.0]));
        var sgd = new Sgd<Half>(parameters, learningRate: 0.001);
        GradientFixture.SetGradients(parameters, [0.3]);
        sgd.Step();
        Assert.Equal((Half)(1f + (-0.001f * (float)(Half)0.3)), parameters[0].Tensor.ToArray()[0]);
    }

    [Theory]
    [InlineData(-0.5, 0.0, 0.0, false, 0.0, "learningRate")]
    [InlineData(0.1, -0.9, 0.0, false, 0.0, "momentum")]
    [InlineData(0.1, 0.9, -1.0, false, 0.0, "dampening")]
    [InlineData(0.1, 0.0, 0.0, false, double.PositiveInfinity, "weightDecay")]
    public void BadHyperparametersNameTheParameter(double lr, double momentum, double dampening, bool nesterov, double weightDecay, string parameter)
    {
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("w", [1.0]));
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>(parameters, lr, momentum, dampening, nesterov, weightDecay));
        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.9, 0.1)]
    public void NesterovNeedsMomentumAndNoDampening(double momentum, double dampening)
    {
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("w", [1.0]));
        ArgumentException error = Assert.Throws<ArgumentException>(() => new Sgd<double>(parameters, 0.1, momentum, dampening, nesterov: true));
        Assert.Equal("nesterov", error.ParamName);
    }

    private static void AssertTwoSteps(SgdCase setting, double[] expectedFirst, double[] expectedSecond, double[]? expectedBuffer)
    {
        var tape = new Tape<double>();
        NamedParameter<double>[] parameters = GradientFixture.Parameters(tape, ("w", P0));
        var sgd = new Sgd<double>(parameters, 0.5, setting.Momentum, setting.Dampening, setting.Nesterov, setting.WeightDecay);

        GradientFixture.SetGradients(parameters, G1);
        sgd.Step();
        Assert.Equal(expectedFirst, GradientFixture.Values(parameters[0]));
        GradientFixture.SetGradients(parameters, G2);
        sgd.Step();
        Assert.Equal(expectedSecond, GradientFixture.Values(parameters[0]));

        OptimizerState state = sgd.ExportState();
        if (expectedBuffer is null)
        {
            Assert.Empty(state.Buffers);
        }
        else
        {
            Assert.Equal(expectedBuffer, state.Buffers["w.momentum_buffer"]);
        }
    }

    private sealed record SgdCase(double Momentum = 0, double Dampening = 0, bool Nesterov = false, double WeightDecay = 0);
}
