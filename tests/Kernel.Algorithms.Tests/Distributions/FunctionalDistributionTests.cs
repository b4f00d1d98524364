using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Autodiff.Checking;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Distributions;

/// <summary>
/// The functional distributions: closed forms for one Gaussian and a batch, entropy from log sigma alone, KL whose
/// gradients reach both arguments (checked against finite differences), the tanh-squashed log-prob finite where the naive
/// form is not, the categorical by position tensors, and that the policy heads give the same numbers.
/// </summary>
public class FunctionalDistributionTests
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    [Fact]
    public void GaussianLogProbOfOneVectorIsTheClosedFormScalar()
    {
        var tape = new Tape<double>();
        Tensor<double> mean = tape.Variable(Shape.Vector(2), [0.5, -1]);
        Tensor<double> logStd = tape.Variable(Shape.Vector(2), [0.1, -0.3]);
        Tensor<double> x = tape.Constant(Shape.Vector(2), [1, 0]);
        Tensor<double> logp = GaussianFunctions.LogProb(mean, logStd, x);
        Assert.Equal(Shape.Scalar, logp.Shape);
        double expected = 0;
        double[] mu = [0.5, -1];
        double[] ls = [0.1, -0.3];
        for (int i = 0; i < 2; i++)
        {
            double z = (1 - i - mu[i]) / Math.Exp(ls[i]);
            expected += (-0.5 * z * z) - ls[i] - (0.5 * LogTwoPi);
        }

        Assert.Equal(expected, logp.Item(), 1e-14);
    }

    [Fact]
    public void EntropyNeedsOnlyLogSigma()
    {
        var tape = new Tape<double>();
        Tensor<double> logStd = tape.Variable(Shape.Vector(3), [0.2, -0.1, 0.5]);
        Assert.Equal(0.6 + (1.5 * (1 + LogTwoPi)), GaussianFunctions.Entropy(logStd).Item(), 1e-14);
        Tensor<double> perRow = GaussianFunctions.Entropy(tape.Constant(Shape.Matrix(2, 3), [0, 0, 0, 1, 1, 1]));
        Assert.Equal(new[] { 1.5 * (1 + LogTwoPi), 3 + (1.5 * (1 + LogTwoPi)) }, perRow.ToArray());
    }

    [Fact]
    public void KlSendsGradientsToBothArguments()
    {
        var function = new KlFunction();
        double[][] point = [[0.3, -0.2, 0.1, 0.4], [0.1, -0.5], [-0.1, 0.2, 0.3, 0.0], [0.2, 0.05]];
        var tape = new Tape<double>();
        Tensor<double>[] x = [.. point.Select((v, i) => tape.Variable(function.InputShapes[i], v))];
        Tensor<double> kl = function.Evaluate<double>(tape, x);
        Tensor<double>[] gradients = new Tensor<double>[4];
        tape.Gradients(kl, x, gradients);
        Assert.All(gradients, g => Assert.Contains(g.ToArray(), v => Math.Abs(v) > 1e-3));
        Assert.True(GradCheck.Gradient<double>(function, point).Passed);
        Assert.True(GradCheck.Hvp<double>(function, point).Passed);

        // KL(p || p) = 0.
        Tensor<double> same = GaussianFunctions.Kl(x[0], x[1], x[0], x[1]);
        Assert.All(same.ToArray(), v => Assert.Equal(0, v, 1e-15));
    }

    [Fact]
    public void TanhLogProbStaysFiniteInFp32WhereTheNaiveFormIsMinusInfinity()
    {
        var tape = new Tape<float>();
        Tensor<float> mean = tape.Constant(Shape.Vector(1), [0f]);
        Tensor<float> logStd = tape.Constant(Shape.Vector(1), [0f]);
        Tensor<float> u = tape.Constant(Shape.Vector(1), [20f]);
        float stable = GaussianFunctions.TanhLogProb(mean, logStd, u).Item();
        float naive = GaussianFunctions.LogProb(mean, logStd, u).Item() - u.Tanh().Square().Negate().AddScalar(1f).Log().Sum().Item();
        double expected = (-0.5 * 400) - (0.5 * LogTwoPi) - (2 * (Math.Log(2) - 20 - Math.Log(1 + Math.Exp(-40))));
        Assert.Equal(expected, stable, 1e-3);
        Assert.Equal(float.PositiveInfinity, naive);
    }

    [Fact]
    public void CategoricalLogProbFromPositionsOnTheTapeMatchesHostActions()
    {
        var tape = new Tape<double>();
        Tensor<double> logits = tape.Variable(Shape.Matrix(3, 4), [0.1, 2, -1, 0.5, 3, 0, 0, 1, -2, -2, 4, 0.3]);
        Tensor<double> fromHost = CategoricalFunctions.LogProb(logits, [1, 0, 2]);
        Tensor<double> fromTape = CategoricalFunctions.LogProb(logits, tape.Indices(Shape.Vector(3), [1, 0, 2]));
        Assert.Equal(fromHost.ToArray(), fromTape.ToArray());
        Assert.Equal(tape.Gradient(fromHost.Sum(), logits).ToArray(), tape.Gradient(fromTape.Sum(), logits).ToArray());
        Tensor<double> greedy = CategoricalFunctions.LogProb(logits, logits.ArgMax(axis: 1));
        Assert.All(greedy.ToArray().Zip(fromHost.ToArray()), pair => Assert.True(pair.First >= pair.Second));
    }

    [Fact]
    public void CategoricalKlSendsGradientsToBothLogits()
    {
        var tape = new Tape<double>();
        Tensor<double> p = tape.Variable(Shape.Matrix(1, 3), [0.5, -0.2, 1]);
        Tensor<double> q = tape.Variable(Shape.Matrix(1, 3), [0.1, 0.3, -0.4]);
        Tensor<double>[] gradients = new Tensor<double>[2];
        tape.Gradients(CategoricalFunctions.Kl(p, q).Sum(), [p, q], gradients);
        Assert.Contains(gradients[0].ToArray(), v => Math.Abs(v) > 1e-3);
        Assert.Contains(gradients[1].ToArray(), v => Math.Abs(v) > 1e-3);
    }

    [Fact]
    public void TheGaussianHeadGivesTheFunctionalNumbersAndTakesOneStdPerCoordinate()
    {
        var tape = new Tape<double>();
        var head = new GaussianPolicyHead<double>(tape, BoxSpace.Uniform(2, -1, 1), new GaussianOptions(), initialStd: [0.5, 2.0]);
        Tensor<double> logStd = head.Parameters[0].Tensor;
        Assert.Equal(new[] { Math.Log(0.5), Math.Log(2.0) }, logStd.ToArray());

        Tensor<double> mean = tape.Constant(Shape.Matrix(2, 2), [0.1, -0.3, 0.4, 0.2]);
        PolicyEvaluation<double> evaluation = head.Evaluate(mean, [0.2, 0.1, -0.5, 0.9]);
        Tensor<double> functional = GaussianFunctions.LogProb(mean, logStd, tape.Constant(Shape.Matrix(2, 2), [0.2, 0.1, -0.5, 0.9]));
        double[] expected = functional.ToArray();
        double[] actual = evaluation.LogProb.ToArray();
        Assert.Equal(expected[0], actual[0], 1e-14);
        Assert.Equal(expected[1], actual[1], 1e-14);

        var wrongLength = Assert.Throws<ArgumentException>(() => new GaussianPolicyHead<double>(tape, BoxSpace.Uniform(2, -1, 1), new GaussianOptions(), initialStd: [0.5]));
        Assert.Equal("initialStd", wrongLength.ParamName);
    }

    /// <summary>KL(p || q) summed over a batch of two, as a function of (mean_p, log_std_p, mean_q, log_std_q).</summary>
    private sealed class KlFunction : IDifferentiableFunction
    {
        public string Name => "gaussian_kl";

        public IReadOnlyList<Shape> InputShapes { get; } = [Shape.Matrix(2, 2), Shape.Vector(2), Shape.Matrix(2, 2), Shape.Vector(2)];

        public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> x)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            => GaussianFunctions.Kl(x[0], x[1], x[2], x[3]).Sum();
    }
}
