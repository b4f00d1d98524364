using Kernel.Algorithms.Distributions;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Distributions;

public class TanhGaussianTests
{
    [Fact]
    public void StableLogDetMatchesTheExactFormAndTheNaiveFormulaWhereThatIsAccurate()
    {
        double[] u = [-40, -25, -5, -1, -0.3, 0, 0.3, 1, 2.5, 5, 25, 40];
        var head = new TanhGaussian<double>([-1], [1]);
        var tape = new Tape<double>();
        double[] stable = head.LogOneMinusTanhSquared(tape.Constant(Shape.Matrix(u.Length, 1), u)).ToArray();
        for (int i = 0; i < u.Length; i++)
        {
            // 1 - tanh(u)^2 = 4 e^{-2|u|} / (1 + e^{-2|u|})^2 (paper 000 eq 5), evaluated without cancellation.
            double exact = Math.Log(4) - (2 * Math.Abs(u[i])) - (2 * Math.Log(1 + Math.Exp(-2 * Math.Abs(u[i]))));
            DiagonalGaussianTests.AssertClose([exact], [stable[i]], 1e-14);
            if (Math.Abs(u[i]) <= 2.5)
            {
                double tanh = Math.Tanh(u[i]);
                DiagonalGaussianTests.AssertClose([Math.Log(1 - (tanh * tanh))], [stable[i]], 1e-13);
            }
        }
    }

    [Fact]
    public void NaiveLogDetIsMinusInfinityWhereTanhRoundsToOneWhileTheStableFormIsFinite()
    {
        AssertSaturation<double>(25);
        AssertSaturation<float>(12);
        AssertSaturation<Half>(6);
    }

    [Fact]
    public void LogProbMatchesTheChangeOfVariablesClosedForm()
    {
        double[] low = [-1, 0];
        double[] high = [1, 4];
        var options = new TanhGaussianOptions { Std = StdParameterization.SoftplusOffset, MeanShift = 0.5 };
        var head = new TanhGaussian<double>(low, high, options);
        double[] f = [0.2, -1.0, 1.5, 0.3];
        double[] rho = [-0.5, 0.8];
        double[] u = [0.1, -2.0, 3.0, 0.7];
        var tape = new Tape<double>();
        GaussianParameters<double> p = head.Parameters(tape.Variable(Shape.Matrix(2, 2), f), tape.Variable(Shape.Vector(2), rho));
        double[] logProb = head.LogProb(p, tape.Constant(Shape.Matrix(2, 2), u)).ToArray();
        double[] entropy = head.BaseEntropy(p).ToArray();
        var gaussianOptions = new GaussianOptions { Std = StdParameterization.SoftplusOffset };
        double[] sigma = [GaussianReference.Std(rho[0], gaussianOptions), GaussianReference.Std(rho[1], gaussianOptions)];
        for (int r = 0; r < 2; r++)
        {
            Range row = (2 * r)..((2 * r) + 2);
            double[] mean = [f[2 * r] + 0.5, f[(2 * r) + 1] + 0.5];
            double expected = GaussianReference.LogDensity(u[row], mean, sigma);
            for (int i = 0; i < 2; i++)
            {
                double tanh = Math.Tanh(u[(2 * r) + i]);
                expected -= Math.Log((1 - (tanh * tanh)) * (high[i] - low[i]) / 2);
            }

            DiagonalGaussianTests.AssertClose([expected], [logProb[r]], 1e-13);
            DiagonalGaussianTests.AssertClose([GaussianReference.Entropy(sigma)], [entropy[r]], 1e-13);
        }

        GaussianParameters<double> old = GaussianParameters<double>.FromMeanAndStd(
            tape.Constant(Shape.Matrix(2, 2), [0.0, 0.0, 1.0, 1.0]), tape.Constant(Shape.Matrix(2, 2), [1.0, 0.5, 0.3, 2.0]));
        double[] kl = head.Kl(old, p).ToArray();
        DiagonalGaussianTests.AssertClose(
            [GaussianReference.Kl([0.0, 0.0], [1.0, 0.5], [0.7, -0.5], sigma), GaussianReference.Kl([1.0, 1.0], [0.3, 2.0], [2.0, 0.8], sigma)], kl, 1e-13);
    }

    [Fact]
    public void SamplesAreSquashedIntoTheBoxAndReproducible()
    {
        var head = new TanhGaussian<double>([-2, 0], [2, 1]);
        double[] mean = [0.0, 30.0, -1.0, 0.5];
        double[] std = [1.0, 0.5];
        double[] u = new double[4];
        double[] a = new double[4];
        head.Sample(mean, std, new KernelRandom(11), u, a);
        var reference = new KernelRandom(11);
        double[] center = [0, 0.5];
        double[] halfWidth = [2, 0.5];
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(mean[k] + (std[k % 2] * reference.Normal()), u[k], 15);
            Assert.Equal(center[k % 2] + (halfWidth[k % 2] * Math.Tanh(u[k])), a[k], 15);
        }

        double[] again = new double[4];
        head.Sample(mean, std, new KernelRandom(11), new double[4], again);
        Assert.Equal(a, again);
    }

    private static void AssertSaturation<T>(double saturated)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (double u in new[] { saturated, -saturated })
        {
            var tape = new Tape<T>();
            Tensor<T> preSquash = tape.Constant(Shape.Matrix(1, 1), [T.CreateTruncating(u)]);
            var naive = new TanhGaussian<T>([-1], [1], new TanhGaussianOptions { LogDet = TanhLogDetMode.Naive });
            Assert.True(T.IsNegativeInfinity(naive.LogOneMinusTanhSquared(preSquash).Item()), $"{typeof(T).Name} u = {u}");

            var stable = new TanhGaussian<T>([-1], [1]);
            double value = double.CreateTruncating(stable.LogOneMinusTanhSquared(preSquash).Item());
            double exact = Math.Log(4) - (2 * Math.Abs(u)) - (2 * Math.Log(1 + Math.Exp(-2 * Math.Abs(u))));
            DiagonalGaussianTests.AssertClose([exact], [value], typeof(T) == typeof(Half) ? 1e-2 : 1e-6);

            // The naive log-det makes the log-prob +inf (paper 000 eq 5); the stable one keeps it finite.
            GaussianParameters<T> p = naive.Parameters(tape.Variable(Shape.Matrix(1, 1), [T.CreateTruncating(u)]), tape.Variable(Shape.Vector(1), [T.Zero]));
            Assert.True(T.IsPositiveInfinity(naive.LogProb(p, preSquash).Item()));
            Assert.True(T.IsFinite(stable.LogProb(p, preSquash).Item()));
        }
    }
}
