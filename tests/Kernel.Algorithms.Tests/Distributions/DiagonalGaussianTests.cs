using Kernel.Algorithms.Distributions;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Distributions;

public class DiagonalGaussianTests
{
    private const int Rows = 3;
    private const int Dim = 3;

    // f(s) for three states; with shifts 0 and 0.7 some coordinates lie outside every box below, none on a bound.
    private static readonly double[] NetworkMean = [0.2, -3.1, 1.4, -1.6, 0.1, 3.9, 0.95, -0.37, -0.8];

    // Stored actions, partly outside the boxes.
    private static readonly double[] Actions = [0.5, -1.0, 2.0, -0.2, 0.3, 3.0, 1.0, -2.5, 0.1];

    // The old policy of the KL checks.
    private static readonly double[] OldMean = [0.1, -0.5, 1.0, 0.0, 0.2, 2.0, -0.3, 0.4, 0.6];
    private static readonly double[] OldStd = [0.6, 1.3, 0.25, 1.0, 0.4, 2.2, 0.9, 0.35, 1.7];

    public static TheoryData<StdParameterization, int, MeanTransform, double, int> Combinations()
    {
        var data = new TheoryData<StdParameterization, int, MeanTransform, double, int>();
        foreach (StdParameterization std in Enum.GetValues<StdParameterization>())
        {
            foreach (int bound in new[] { 0, 1, 2 })
            {
                foreach (MeanTransform transform in Enum.GetValues<MeanTransform>())
                {
                    foreach (double shift in new[] { 0.0, 0.7 })
                    {
                        foreach (int box in new[] { 0, 1, 2 })
                        {
                            data.Add(std, bound, transform, shift, box);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void MeanStdLogProbEntropyAndKlMatchTheClosedForms(
        StdParameterization std, int boundCase, MeanTransform transform, double shift, int boxCase)
    {
        GaussianOptions options = Options(std, boundCase, transform, shift);
        (double[] low, double[] high) = Box(boxCase);
        var head = new DiagonalGaussian<double>(low, high, options);
        double[] stdParameter = [-0.3, -1.5, 0.4];

        var tape = new Tape<double>();
        GaussianParameters<double> p = head.Parameters(
            tape.Variable(Shape.Matrix(Rows, Dim), NetworkMean), tape.Variable(Shape.Vector(Dim), stdParameter));

        double[] mean = new double[Rows * Dim];
        double[] sigma = new double[Rows * Dim];
        for (int k = 0; k < mean.Length; k++)
        {
            int i = k % Dim;
            mean[k] = GaussianReference.Mean(NetworkMean[k], low[i], high[i], options);
            sigma[k] = GaussianReference.Std(stdParameter[i], options);
        }

        AssertClose(mean, p.Mean.ToArray(), 1e-14);
        AssertClose([.. NetworkMean.Select(f => f + shift)], p.PreTransformMean.ToArray(), 1e-14);
        AssertClose(sigma, p.Std.ToArray(), 1e-14);
        AssertClose([.. sigma.Select(s => Math.Log(s))], p.LogStd.ToArray(), 1e-14);

        double[] logProb = head.LogProb(p, tape.Constant(Shape.Matrix(Rows, Dim), Actions)).ToArray();
        double[] entropy = head.Entropy(p).ToArray();
        GaussianParameters<double> old = GaussianParameters<double>.FromMeanAndStd(
            tape.Constant(Shape.Matrix(Rows, Dim), OldMean), tape.Constant(Shape.Matrix(Rows, Dim), OldStd));
        double[] kl = head.Kl(old, p).ToArray();
        for (int r = 0; r < Rows; r++)
        {
            Range row = (r * Dim)..((r + 1) * Dim);
            AssertClose([GaussianReference.LogDensity(Actions[row], mean[row], sigma[row])], [logProb[r]], 1e-13);
            AssertClose([GaussianReference.Entropy(sigma[row])], [entropy[r]], 1e-13);
            AssertClose([GaussianReference.Kl(OldMean[row], OldStd[row], mean[row], sigma[row])], [kl[r]], 1e-13);
        }
    }

    [Fact]
    public void LowerBoundIsActiveOnlyBelowIt()
    {
        var options = new GaussianOptions { StdLowerBound = 0.5 };
        var head = new DiagonalGaussian<double>([-1, -1], [1, 1], options);
        var tape = new Tape<double>();
        GaussianParameters<double> p = head.Parameters(
            tape.Variable(Shape.Matrix(1, 2), [0.0, 0.0]), tape.Variable(Shape.Vector(2), [Math.Log(0.1), Math.Log(2.0)]));
        double[] std = p.Std.ToArray();
        Assert.Equal(0.5, std[0], 14);
        Assert.Equal(2.0, std[1], 14);
    }

    [Fact]
    public void StateDependentStdIsUsedPerRow()
    {
        var options = new GaussianOptions { Std = StdParameterization.SoftplusOffset, SoftplusOffset = 0.2 };
        var head = new DiagonalGaussian<double>([double.NegativeInfinity, -5], [double.PositiveInfinity, 5], options);
        double[] rho = [-2.0, 0.5, 1.0, -0.1];
        double[] f = [0.3, -0.2, 1.1, 0.4];
        double[] actions = [0.0, 0.5, 2.0, -1.0];
        var tape = new Tape<double>();
        GaussianParameters<double> p = head.Parameters(tape.Variable(Shape.Matrix(2, 2), f), tape.Variable(Shape.Matrix(2, 2), rho));
        double[] sigma = [.. rho.Select(x => GaussianReference.Std(x, options))];
        double[] logProb = head.LogProb(p, tape.Constant(Shape.Matrix(2, 2), actions)).ToArray();
        for (int r = 0; r < 2; r++)
        {
            Range row = (r * 2)..((r + 1) * 2);
            AssertClose([GaussianReference.LogDensity(actions[row], f[row], sigma[row])], [logProb[r]], 1e-13);
        }
    }

    [Fact]
    public void StdParameterForInvertsBothParameterisations()
    {
        var logStd = new DiagonalGaussian<double>([-1], [1]);
        Assert.Equal(Math.Log(0.3), logStd.StdParameterFor(0.3), 15);
        var softplus = new DiagonalGaussian<double>([-1], [1], new GaussianOptions { Std = StdParameterization.SoftplusOffset });

        // sigma = 1 with c0 = 0.1: rho = log(e^0.9 - 1) (paper 000 A.3).
        Assert.Equal(Math.Log(Math.Exp(0.9) - 1), softplus.StdParameterFor(1.0), 14);
        foreach (double sigma in new[] { 0.15, 1.0, 3.0, 800.0 })
        {
            double rho = softplus.StdParameterFor(sigma);
            Assert.Equal(sigma, GaussianReference.Std(rho, softplus.Options), 12);
        }
    }

    [Fact]
    public void KlOfAPolicyWithItselfIsZeroAndKlIsNeverNegative()
    {
        var head = new DiagonalGaussian<double>([-2, -2, -2], [2, 2, 2], new GaussianOptions { MeanTransform = MeanTransform.Tanh });
        var random = new KernelRandom(20260417);
        for (int trial = 0; trial < 50; trial++)
        {
            var tape = new Tape<double>();
            GaussianParameters<double> p = head.Parameters(
                tape.Variable(Shape.Matrix(2, 3), Draw(random, 6, -2, 2)), tape.Variable(Shape.Vector(3), Draw(random, 3, -1.5, 1)));
            Assert.All(head.Kl(p, p).ToArray(), kl => Assert.Equal(0, kl, 14));

            GaussianParameters<double> other = GaussianParameters<double>.FromMeanAndStd(
                tape.Constant(Shape.Matrix(2, 3), Draw(random, 6, -2, 2)), tape.Constant(Shape.Matrix(2, 3), Draw(random, 6, 0.05, 3)));
            Assert.All(head.Kl(other, p).ToArray(), kl => Assert.True(kl >= 0, $"KL = {kl}"));
        }
    }

    [Fact]
    public void HalfFloatAndDoubleAgreeWithTheFp64ClosedForm()
    {
        var options = new GaussianOptions { MeanTransform = MeanTransform.Tanh, MeanShift = 0.25, Std = StdParameterization.SoftplusOffset };
        double[] low = [-1, -0.4];
        double[] high = [1, 0.4];
        double[] f = [0.5, -0.75];
        double[] rho = [0.25, -1.0];
        double[] actions = [0.25, 0.125];
        double[] mean = [GaussianReference.Mean(f[0], low[0], high[0], options), GaussianReference.Mean(f[1], low[1], high[1], options)];
        double[] sigma = [GaussianReference.Std(rho[0], options), GaussianReference.Std(rho[1], options)];
        double expected = GaussianReference.LogDensity(actions, mean, sigma);
        double expectedEntropy = GaussianReference.Entropy(sigma);

        (double LogProb, double Entropy) Evaluate<T>()
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var head = new DiagonalGaussian<T>(low, high, options);
            var tape = new Tape<T>();
            GaussianParameters<T> p = head.Parameters(
                tape.Variable(Shape.Matrix(1, 2), [.. f.Select(T.CreateTruncating)]), tape.Variable(Shape.Vector(2), [.. rho.Select(T.CreateTruncating)]));
            T logProb = head.LogProb(p, tape.Constant(Shape.Matrix(1, 2), [.. actions.Select(T.CreateTruncating)])).Item();
            return (double.CreateTruncating(logProb), double.CreateTruncating(head.Entropy(p).Item()));
        }

        (double logProbDouble, double entropyDouble) = Evaluate<double>();
        (double logProbFloat, double entropyFloat) = Evaluate<float>();
        (double logProbHalf, double entropyHalf) = Evaluate<Half>();
        AssertClose([expected, expectedEntropy], [logProbDouble, entropyDouble], 1e-14);
        AssertClose([expected, expectedEntropy], [logProbFloat, entropyFloat], 1e-6);
        AssertClose([expected, expectedEntropy], [logProbHalf, entropyHalf], 1e-2);
    }

    [Fact]
    public void MeanOutsideBoxIsTheLargestEuclideanDistance()
    {
        var head = new DiagonalGaussian<double>([-1, -2], [1, 0.5]);
        // Row 0 is inside; row 1 = (1.5, 2) is (0.5, 1.5) past the corner (1, 0.5); row 2 = (-4, 0) is 3 below low.
        double[] mean = [0.3, -1.0, 1.5, 2.0, -4.0, 0.0];
        double expected = Math.Max(Math.Sqrt((0.5 * 0.5) + (1.5 * 1.5)), 3.0);
        Assert.Equal(expected, head.MeanOutsideBox(mean), 15);
        Assert.True(double.IsNaN(head.MeanOutsideBox([0.0, double.NaN])));
        Assert.Equal(0, head.MeanOutsideBox(ReadOnlySpan<double>.Empty));
    }

    internal static GaussianOptions Options(StdParameterization std, int boundCase, MeanTransform transform, double shift) => new()
    {
        Std = std,

        // 1e-6 (rllab) never binds here; 0.5 binds on the coordinate whose parameter is -1.5.
        StdLowerBound = boundCase switch { 1 => GaussianOptions.RllabStdLowerBound, 2 => 0.5, _ => null },
        MeanTransform = transform,
        MeanShift = shift,
    };

    private static (double[] Low, double[] High) Box(int boxCase) => boxCase switch
    {
        0 => ([-1, -2, 0], [1, 0.5, 3]),
        1 => ([-1, -1, -1], [1, 1, 1]),
        _ => ([-0.4, -0.4, -0.4], [0.4, 0.4, 0.4]),
    };

    private static double[] Draw(KernelRandom random, int count, double low, double high)
    {
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.Uniform(low, high);
        }

        return values;
    }

    internal static void AssertClose(double[] expected, double[] actual, double relativeTolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = relativeTolerance * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"entry {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
        }
    }
}
