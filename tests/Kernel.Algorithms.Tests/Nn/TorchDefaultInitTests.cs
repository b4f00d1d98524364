using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Nn;

/// <summary>PyTorch's default nn.Linear initialisation: bounds from fan-in, uniform statistics, one rounding to T, seeds.</summary>
public class TorchDefaultInitTests
{
    [Fact]
    public void BoundIsOneOverSqrtFanInComputedAsPytorchDoes()
    {
        // sqrt(3) * sqrt(2 / (1 + sqrt(5)^2)) / sqrt(fan_in): equal to 1/sqrt(fan_in) up to rounding.
        Assert.Equal(1 / Math.Sqrt(400), TorchDefaultInit.WeightBound(400), 1e-17);
        Assert.Equal(0.05, TorchDefaultInit.BiasBound(400), 1e-17);
    }

    [Fact]
    public void WeightsAndBiasesAreUniformWithinTheFanInBound()
    {
        // fan_in 400 and fan_out 160 differ, so a bound taken from the wrong fan fails the range checks.
        const int inFeatures = 400;
        const int outFeatures = 160;
        var layer = new Linear<double>(new Tape<double>(), inFeatures, outFeatures, LayerInit.TorchDefault, new KernelRandom(11));
        double[] weight = layer.Weight.ToArray();
        double[] bias = layer.Bias.ToArray();
        double bound = TorchDefaultInit.WeightBound(inFeatures);

        Assert.All(weight, w => Assert.InRange(w, -bound, bound));
        Assert.All(bias, b => Assert.InRange(b, -TorchDefaultInit.BiasBound(inFeatures), TorchDefaultInit.BiasBound(inFeatures)));

        // 64000 draws of U(-b, b): the extremes come within 0.1% of the bound (a miss has probability e^-32).
        Assert.True(weight.Max() > bound * 0.999 && weight.Min() < -bound * 0.999, $"range [{weight.Min()}, {weight.Max()}] vs bound {bound}");

        // mean 0 with sd b/sqrt(3n); variance b^2/3 with sd sqrt(4/45) b^2 / sqrt(n): within 5 sd.
        int n = weight.Length;
        double mean = weight.Average();
        double variance = weight.Select(w => (w - mean) * (w - mean)).Sum() / (n - 1);
        Assert.InRange(mean, -5 * bound / Math.Sqrt(3.0 * n), 5 * bound / Math.Sqrt(3.0 * n));
        double varianceSd = Math.Sqrt(4.0 / 45) * bound * bound / Math.Sqrt(n);
        Assert.InRange(variance, (bound * bound / 3) - (5 * varianceSd), (bound * bound / 3) + (5 * varianceSd));

        double biasBound = TorchDefaultInit.BiasBound(inFeatures);
        Assert.InRange(bias.Average(), -5 * biasBound / Math.Sqrt(3.0 * outFeatures), 5 * biasBound / Math.Sqrt(3.0 * outFeatures));
    }

    [Fact]
    public void SameSeedGivesTheSameLayerAndAnotherSeedADifferentOne()
    {
        double[] Draw(ulong seed) => new Linear<double>(new Tape<double>(), 5, 4, LayerInit.TorchDefault, new KernelRandom(seed)).Weight.ToArray();

        Assert.Equal(Draw(3), Draw(3));
        Assert.NotEqual(Draw(3), Draw(4));
    }

    [Fact]
    public void ValuesAreDrawnInDoubleAndRoundedOnceToTheRunPrecision()
    {
        double[] reference = new Linear<double>(new Tape<double>(), 9, 7, LayerInit.TorchDefault, new KernelRandom(5)).Weight.ToArray();
        float[] single = new Linear<float>(new Tape<float>(), 9, 7, LayerInit.TorchDefault, new KernelRandom(5)).Weight.ToArray();
        Half[] half = new Linear<Half>(new Tape<Half>(), 9, 7, LayerInit.TorchDefault, new KernelRandom(5)).Weight.ToArray();

        Assert.Equal(reference.Select(v => (float)v), single);
        Assert.Equal(reference.Select(v => (Half)v), half);
    }

    [Fact]
    public void BuffersThatDoNotFitTheShapeAreRefused()
    {
        var random = new KernelRandom(1);
        ArgumentException weight = Assert.Throws<ArgumentException>(() => TorchDefaultInit.Instance.Initialize(new double[5], new double[2], 2, 3, random));
        Assert.Equal("weight", weight.ParamName);
        ArgumentException bias = Assert.Throws<ArgumentException>(() => TorchDefaultInit.Instance.Initialize(new double[6], new double[3], 2, 3, random));
        Assert.Equal("bias", bias.ParamName);
        ArgumentOutOfRangeException width = Assert.Throws<ArgumentOutOfRangeException>(() => TorchDefaultInit.Instance.Initialize([], [], 0, 3, random));
        Assert.Equal("outFeatures", width.ParamName);
    }
}
