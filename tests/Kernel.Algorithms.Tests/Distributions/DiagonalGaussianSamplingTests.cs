using Kernel.Algorithms.Distributions;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Distributions;

public class DiagonalGaussianSamplingTests
{
    [Fact]
    public void SampleMeanAndStdMatchTheDistributionWithinFiveStandardErrors()
    {
        const int n = 20000;
        var head = new DiagonalGaussian<double>([double.NegativeInfinity, double.NegativeInfinity], [double.PositiveInfinity, double.PositiveInfinity]);
        double[] mu = [0.3, -1.2];
        double[] sigma = [0.5, 2.0];
        double[] mean = new double[n * 2];
        for (int k = 0; k < mean.Length; k++)
        {
            mean[k] = mu[k % 2];
        }

        double[] env = new double[n * 2];
        double[] stored = new double[n * 2];
        head.Sample(mean, sigma, new KernelRandom(7), env, stored);
        Assert.Equal(env, stored);
        for (int i = 0; i < 2; i++)
        {
            double[] column = [.. Enumerable.Range(0, n).Select(r => env[(2 * r) + i])];
            double sampleMean = column.Average();
            double sampleStd = Math.Sqrt(column.Sum(x => (x - sampleMean) * (x - sampleMean)) / (n - 1));

            // Standard errors of a Gaussian sample's mean and std: sigma / sqrt(n) and about sigma / sqrt(2n).
            Assert.InRange(sampleMean, mu[i] - (5 * sigma[i] / Math.Sqrt(n)), mu[i] + (5 * sigma[i] / Math.Sqrt(n)));
            Assert.InRange(sampleStd, sigma[i] - (5 * sigma[i] / Math.Sqrt(2 * n)), sigma[i] + (5 * sigma[i] / Math.Sqrt(2 * n)));
        }
    }

    [Fact]
    public void ASeedReproducesTheSamplesAndAnotherSeedDoesNot()
    {
        var head = new DiagonalGaussian<float>([-1, -1, -1], [1, 1, 1]);
        float[] mean = [0.1f, 0.2f, -0.3f, 0.0f, 0.5f, -0.5f];
        float[] std = [0.4f, 0.6f, 0.8f, 1.0f, 1.2f, 1.4f];
        double[] first = Draw(head, mean, std, 123);
        Assert.Equal(first, Draw(head, mean, std, 123));
        Assert.NotEqual(first, Draw(head, mean, std, 124));
    }

    [Fact]
    public void RawSampleIsMeanPlusStdTimesTheStreamsNormalDraws()
    {
        var head = new DiagonalGaussian<double>([-1, -1], [1, 1], new GaussianOptions { LogProbAt = LogProbPoint.RawSample });
        double[] mean = [0.25, -0.5, 3.0, 0.0];
        double[] std = [0.5, 1.5];
        double[] env = new double[4];
        double[] raw = new double[4];
        head.Sample(mean, std, new KernelRandom(99), env, raw);
        var reference = new KernelRandom(99);
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(mean[k] + (std[k % 2] * reference.Normal()), raw[k], 15);
        }
    }

    [Theory]
    [InlineData(LogProbPoint.ClippedAction)]
    [InlineData(LogProbPoint.RawSample)]
    public void EnvActionsAreClippedToTheBoxAndTheLogProbPointFollowsTheOption(LogProbPoint point)
    {
        const int n = 500;
        double[] low = [-1, -0.4];
        double[] high = [1, 0.4];
        var options = new GaussianOptions { LogProbAt = point, MeanShift = GaussianOptions.PaperMeanShift };
        var head = new DiagonalGaussian<double>(low, high, options);

        // mu = f + 100 (paper 000 A.2): almost every raw sample is far outside the box.
        double[] f = new double[n * 2];
        double[] stdParameter = [0.0, Math.Log(0.5)];
        var tape = new Tape<double>();
        GaussianParameters<double> p = head.Parameters(tape.Variable(Shape.Matrix(n, 2), f), tape.Variable(Shape.Vector(2), stdParameter));
        double[] env = new double[n * 2];
        double[] stored = new double[n * 2];
        head.Sample(p.Mean.Values, [1.0, 0.5], new KernelRandom(5), env, stored);

        double[] raw = new double[n * 2];
        var reference = new KernelRandom(5);
        for (int k = 0; k < raw.Length; k++)
        {
            raw[k] = 100 + ((k % 2 == 0 ? 1.0 : 0.5) * reference.Normal());
            Assert.InRange(env[k], low[k % 2], high[k % 2]);
            Assert.Equal(Math.Clamp(raw[k], low[k % 2], high[k % 2]), env[k]);
            Assert.Equal(point == LogProbPoint.RawSample ? raw[k] : env[k], stored[k], 12);
        }

        double[] logProb = head.LogProb(p, tape.Constant(Shape.Matrix(n, 2), stored)).ToArray();
        for (int r = 0; r < n; r++)
        {
            Range row = (2 * r)..((2 * r) + 2);
            double expected = GaussianReference.LogDensity(stored[row], [100, 100], [1.0, 0.5]);
            DiagonalGaussianTests.AssertClose([expected], [logProb[r]], 1e-12);
        }

        // At the clipped action the log-prob is about -(100^2)/2 / sigma^2 summed: hugely negative, the paper's regime.
        if (point == LogProbPoint.ClippedAction)
        {
            Assert.All(logProb, lp => Assert.True(lp < -10000, $"log-prob {lp}"));
        }
    }

    private static double[] Draw(DiagonalGaussian<float> head, float[] mean, float[] std, ulong seed)
    {
        double[] env = new double[mean.Length];
        double[] stored = new double[mean.Length];
        head.Sample(mean, std, new KernelRandom(seed), env, stored);
        return [.. env, .. stored];
    }
}
