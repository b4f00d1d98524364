using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.Distributions;
using Kernel.Autodiff.Checking;
using Xunit;

namespace Kernel.Algorithms.Tests.Distributions;

public class DistributionGradientProperties
{
    [Property(MaxTest = 120, Replay = "(20260417,31)", Arbitrary = [typeof(DistributionInputs)])]
    public void GaussianGradientsMatchFiniteDifferencesInFp64(GaussianCase testCase)
    {
        GradCheckResult result = GradCheck.Gradient<double>(testCase, testCase.Inputs);
        Assert.True(result.Passed, result.ToString());
    }

    [Property(MaxTest = 40, Replay = "(20260417,35)", Arbitrary = [typeof(DistributionInputs)])]
    public void TanhGaussianLogProbGradientsMatchFiniteDifferencesInFp64(TanhCase testCase)
    {
        GradCheckResult result = GradCheck.Gradient<double>(testCase, testCase.Inputs);
        Assert.True(result.Passed, result.ToString());
    }

    [Property(MaxTest = 40, Replay = "(20260417,33)", Arbitrary = [typeof(DistributionInputs)])]
    public void CategoricalGradientsMatchFiniteDifferencesInFp64(CategoricalCase testCase)
    {
        GradCheckResult result = GradCheck.Gradient<double>(testCase, testCase.Inputs);
        Assert.True(result.Passed, result.ToString());
    }

    /// <summary>The box of the Gaussian cases: bounds -1 - i/2 and 1 + i/4, non-uniform so the per-coordinate paths run.</summary>
    internal static (double[] Low, double[] High) Box(int m) =>
        ([.. Enumerable.Range(0, m).Select(i => -1 - (0.5 * i))], [.. Enumerable.Range(0, m).Select(i => 1 + (0.25 * i))]);

    /// <summary>
    /// log-prob, entropy or KL(old || new) of a diagonal Gaussian as a function of the network mean [rows, m] and the
    /// std parameter [m]; actions and the old policy are constants.
    /// </summary>
    public sealed record GaussianCase(string Quantity, GaussianOptions Options, int Rows, double[][] Inputs, double[] Actions, double[] OldMean, double[] OldStd)
        : IDifferentiableFunction
    {
        public string Name => $"gaussian_{Quantity}";

        public IReadOnlyList<Shape> InputShapes => [Shape.Matrix(Rows, Inputs[1].Length), Shape.Vector(Inputs[1].Length)];

        public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int m = Inputs[1].Length;
            (double[] low, double[] high) = Box(m);
            var head = new DiagonalGaussian<T>(low, high, Options);
            GaussianParameters<T> p = head.Parameters(inputs[0], inputs[1]);
            Shape shape = Shape.Matrix(Rows, m);
            return Quantity switch
            {
                "logprob" => head.LogProb(p, tape.Constant(shape, [.. Actions.Select(T.CreateTruncating)])),
                "entropy" => head.Entropy(p),
                _ => head.Kl(
                    GaussianParameters<T>.FromMeanAndStd(
                        tape.Constant(shape, [.. OldMean.Select(T.CreateTruncating)]), tape.Constant(shape, [.. OldStd.Select(T.CreateTruncating)])),
                    p),
            };
        }

        public override string ToString() =>
            $"{Name} {Options} rows {Rows}: f {string.Join(",", Inputs[0])}; param {string.Join(",", Inputs[1])}";
    }

    /// <summary>Tanh-Gaussian log-prob as a function of the network mean, the std parameter and the pre-squash sample u.</summary>
    public sealed record TanhCase(TanhGaussianOptions Options, int Rows, double[][] Inputs) : IDifferentiableFunction
    {
        public string Name => "tanh_gaussian_logprob";

        public IReadOnlyList<Shape> InputShapes =>
            [Shape.Matrix(Rows, Inputs[1].Length), Shape.Vector(Inputs[1].Length), Shape.Matrix(Rows, Inputs[1].Length)];

        public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            (double[] low, double[] high) = Box(Inputs[1].Length);
            var head = new TanhGaussian<T>(low, high, Options);
            return head.LogProb(head.Parameters(inputs[0], inputs[1]), inputs[2]);
        }

        public override string ToString() => $"{Name} {Options}: {string.Join("; ", Inputs.Select(x => string.Join(",", x)))}";
    }

    /// <summary>Categorical log-prob, entropy or KL(old || new) as a function of the logits [rows, K].</summary>
    public sealed record CategoricalCase(string Quantity, int Rows, int Count, double[][] Inputs, int[] Actions, double[] OldLogits)
        : IDifferentiableFunction
    {
        public string Name => $"categorical_{Quantity}";

        public IReadOnlyList<Shape> InputShapes => [Shape.Matrix(Rows, Count)];

        public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var head = new Categorical<T>(Count);
            return Quantity switch
            {
                "logprob" => head.LogProb(inputs[0], Actions),
                "entropy" => head.Entropy(inputs[0]),
                _ => head.Kl(tape.Constant(Shape.Matrix(Rows, Count), [.. OldLogits.Select(T.CreateTruncating)]), inputs[0]),
            };
        }

        public override string ToString() => $"{Name}: {string.Join(",", Inputs[0])}; actions {string.Join(",", Actions)}";
    }

    public static class DistributionInputs
    {
        // Network means on a grid whose shifted values (shift 0 or 0.3) stay at least 0.1 from every clip bound of Box.
        private static readonly double[] MeanGrid = [-1.7, -0.6, 0.15, 0.45, 1.35, 2.2];

        // Std parameters at least 0.1 from the kink of the 0.5 lower bound in both parameterisations.
        private static readonly double[] ParameterGrid = [-1.2, -0.4, 0.3, 0.9];

        public static Arbitrary<GaussianCase> GaussianCases() =>
            (from quantity in Gen.Elements("logprob", "entropy", "kl")
             from std in Gen.Elements(StdParameterization.LogStd, StdParameterization.SoftplusOffset)
             from bound in Gen.Elements<double?>(null, GaussianOptions.TorchRlStdLowerBound, 0.5)
             from transform in Gen.Elements(MeanTransform.None, MeanTransform.Clip, MeanTransform.Tanh)
             from shift in Gen.Elements(0.0, 0.3)
             from rows in Gen.Choose(1, 3)
             from m in Gen.Choose(1, 3)
             from f in Gen.ArrayOf(Gen.Elements(MeanGrid), rows * m)
             from parameter in Gen.ArrayOf(Gen.Elements(ParameterGrid), m)
             from actions in Gen.ArrayOf(Gen.Choose(-30, 30).Select(x => x / 10.0), rows * m)
             from oldMean in Gen.ArrayOf(Gen.Choose(-20, 20).Select(x => x / 10.0), rows * m)
             from oldStd in Gen.ArrayOf(Gen.Choose(1, 30).Select(x => x / 10.0), rows * m)
             select new GaussianCase(
                 quantity,
                 new GaussianOptions { Std = std, StdLowerBound = bound, MeanTransform = transform, MeanShift = shift },
                 rows,
                 [f, parameter],
                 actions,
                 oldMean,
                 oldStd)).ToArbitrary();

        public static Arbitrary<TanhCase> TanhCases() =>
            (from std in Gen.Elements(StdParameterization.LogStd, StdParameterization.SoftplusOffset)
             from shift in Gen.Elements(0.0, 0.3)
             from rows in Gen.Choose(1, 3)
             from m in Gen.Choose(1, 3)
             from f in Gen.ArrayOf(Gen.Elements(MeanGrid), rows * m)
             from parameter in Gen.ArrayOf(Gen.Elements(ParameterGrid), m)
             from u in Gen.ArrayOf(Gen.Choose(-40, 40).Select(x => x / 10.0), rows * m)
             select new TanhCase(new TanhGaussianOptions { Std = std, MeanShift = shift }, rows, [f, parameter, u])).ToArbitrary();

        public static Arbitrary<CategoricalCase> CategoricalCases() =>
            (from quantity in Gen.Elements("logprob", "entropy", "kl")
             from rows in Gen.Choose(1, 3)
             from count in Gen.Choose(2, 5)
             from logits in Gen.ArrayOf(Gen.Choose(-40, 40).Select(x => x / 10.0), rows * count)
             from oldLogits in Gen.ArrayOf(Gen.Choose(-40, 40).Select(x => x / 10.0), rows * count)
             from actions in Gen.ArrayOf(Gen.Choose(0, count - 1), rows)
             select new CategoricalCase(quantity, rows, count, [logits], actions, oldLogits)).ToArbitrary();
    }
}
