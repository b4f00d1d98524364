using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Nn;

/// <summary>Orthogonal initialisation: W W^T = gain^2 I (wide) or W^T W = gain^2 I (tall), Haar distribution, zero bias, PPO gains.</summary>
public class OrthogonalInitTests
{
    [Theory]
    [InlineData(6, 64, 0.01)]
    [InlineData(1, 64, 1.0)]
    [InlineData(64, 17, 1.4142135623730951)]
    [InlineData(32, 32, 1.0)]
    public void WeightHasOrthonormalRowsOrColumnsScaledByTheGain(int outFeatures, int inFeatures, double gain)
    {
        var layer = new Linear<double>(new Tape<double>(), inFeatures, outFeatures, LayerInit.Orthogonal(gain), new KernelRandom(21));
        double[] w = layer.Weight.ToArray();

        AssertGramIsScaledIdentity(w, outFeatures, inFeatures, gain, 1e-12);
        Assert.All(layer.Bias.ToArray(), b => Assert.Equal(0.0, b));
    }

    [Fact]
    public void FloatWeightsAreOrthogonalToFloatPrecision()
    {
        var layer = new Linear<float>(new Tape<float>(), 48, 20, LayerInit.Orthogonal(Math.Sqrt(2)), new KernelRandom(8));
        AssertGramIsScaledIdentity(layer.Weight.ToArray().Select(v => (double)v).ToArray(), 20, 48, Math.Sqrt(2), 2e-6);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    public void FirstColumnIsTheNormalisedFirstGaussianColumn(ulong seed)
    {
        // With R's diagonal made positive, QR is unique and Gram-Schmidt's first step gives q0 = a0 / |a0|.
        // A Householder Q without the sign correction has q0 = -a0 / |a0| (its R00 = -sign(a00) |a0|) whenever a00 > 0.
        const int rows = 7;
        const int columns = 4;
        double[] q = OrthogonalInit.HaarOrthogonal(rows, columns, new KernelRandom(seed));
        var replay = new KernelRandom(seed);
        double[] gaussian = Enumerable.Range(0, rows * columns).Select(_ => replay.Normal()).ToArray();
        double norm = Math.Sqrt(Enumerable.Range(0, rows).Sum(r => gaussian[r * columns] * gaussian[r * columns]));
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(gaussian[r * columns] / norm, q[r * columns], 1e-14);
        }
    }

    [Fact]
    public void DrawsFollowTheHaarMeasure()
    {
        // For Haar Q in O(3): Q00 is symmetric about 0, Q00^2 ~ Beta(1/2, 1) with mean 1/3 and variance 0.5/(2.25 * 2.5),
        // and det Q = +1 or -1 with probability 1/2 each. Tolerances are 5 standard errors over 4000 draws.
        const int draws = 4000;
        var random = new KernelRandom(2024);
        double sum = 0;
        double sumOfSquares = 0;
        int positiveDeterminants = 0;
        for (int i = 0; i < draws; i++)
        {
            double[] q = OrthogonalInit.HaarOrthogonal(3, 3, random);
            sum += q[0];
            sumOfSquares += q[0] * q[0];
            positiveDeterminants += Determinant3(q) > 0 ? 1 : 0;
        }

        double meanSe = Math.Sqrt(1.0 / 3 / draws);
        Assert.InRange(sum / draws, -5 * meanSe, 5 * meanSe);
        double squareSe = Math.Sqrt(0.5 / (2.25 * 2.5) / draws);
        Assert.InRange(sumOfSquares / draws, (1.0 / 3) - (5 * squareSe), (1.0 / 3) + (5 * squareSe));
        double fractionSe = Math.Sqrt(0.25 / draws);
        Assert.InRange(positiveDeterminants / (double)draws, 0.5 - (5 * fractionSe), 0.5 + (5 * fractionSe));
    }

    [Fact]
    public void PpoPresetsUseSqrt2HiddenAndSmallPolicyOrUnitValueOutputGains()
    {
        var tape = new Tape<double>();
        var policy = new Mlp<double>(tape, [8, 64, 64, 2], Activation.Tanh, MlpInit.OrthogonalPolicy, new KernelRandom(1), "actor");
        var value = new Mlp<double>(tape, [8, 64, 64, 1], Activation.Tanh, MlpInit.OrthogonalValue, new KernelRandom(2), "critic");

        AssertGramIsScaledIdentity(policy.Layers[0].Weight.ToArray(), 64, 8, Math.Sqrt(2), 1e-12);
        AssertGramIsScaledIdentity(policy.Layers[1].Weight.ToArray(), 64, 64, Math.Sqrt(2), 1e-12);
        AssertGramIsScaledIdentity(policy.Layers[2].Weight.ToArray(), 2, 64, 0.01, 1e-12);
        AssertGramIsScaledIdentity(value.Layers[2].Weight.ToArray(), 1, 64, 1.0, 1e-12);
        Assert.All(policy.Parameters.Concat(value.Parameters).Where(p => p.Name.EndsWith(".bias", StringComparison.Ordinal)), p => Assert.All(p.Tensor.ToArray(), b => Assert.Equal(0.0, b)));
    }

    [Fact]
    public void SameSeedGivesTheSameWeight()
    {
        double[] Draw(ulong seed) => new Linear<double>(new Tape<double>(), 5, 3, LayerInit.Orthogonal(1), new KernelRandom(seed)).Weight.ToArray();

        Assert.Equal(Draw(17), Draw(17));
        Assert.NotEqual(Draw(17), Draw(18));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void GainMustBeFiniteAndPositive(double gain)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => LayerInit.Orthogonal(gain));
        Assert.Equal("gain", error.ParamName);
    }

    /// <summary>The smaller Gram matrix (W W^T for wide or square W, W^T W for tall) equals gain^2 I.</summary>
    private static void AssertGramIsScaledIdentity(double[] w, int rows, int columns, double gain, double relativeTolerance)
    {
        bool wide = rows <= columns;
        int size = wide ? rows : columns;
        int inner = wide ? columns : rows;
        for (int a = 0; a < size; a++)
        {
            for (int b = 0; b < size; b++)
            {
                double dot = 0;
                for (int k = 0; k < inner; k++)
                {
                    dot += wide ? w[(a * columns) + k] * w[(b * columns) + k] : w[(k * columns) + a] * w[(k * columns) + b];
                }

                double expected = a == b ? gain * gain : 0;
                Assert.True(Math.Abs(dot - expected) <= relativeTolerance * gain * gain, $"Gram[{a},{b}] = {dot}, expected {expected}");
            }
        }
    }

    private static double Determinant3(double[] m)
        => (m[0] * ((m[4] * m[8]) - (m[5] * m[7]))) - (m[1] * ((m[3] * m[8]) - (m[5] * m[6]))) + (m[2] * ((m[3] * m[7]) - (m[4] * m[6])));
}
