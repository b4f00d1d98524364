using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Autodiff.Checking;
using Xunit;

namespace Kernel.Algorithms.Tests.PolicyGradient;

public class SurrogateObjectivesTests
{
    // Ratios 1.5, 0.5, 1.1, 0.7 with advantages +2, -1, -3, +1 and eps = 0.2:
    // min(rA, clip(r)A) = min(3, 2.4) = 2.4; min(-0.5, -0.8) = -0.8; min(-3.3, -3.3) = -3.3; min(0.7, 0.8) = 0.7.
    private static readonly double[] Ratios = [1.5, 0.5, 1.1, 0.7];
    private static readonly double[] Advantages = [2, -1, -3, 1];

    [Fact]
    public void ClippedSurrogateMatchesTheHandComputedValueAndGradient()
    {
        var tape = new Tape<double>();
        Tensor<double> ratio = tape.Variable(Shape.Vector(4), Ratios);
        Tensor<double> loss = SurrogateObjectives.Loss(SurrogateObjectives.ClippedPerSample(ratio, tape.Constant(Shape.Vector(4), Advantages), 0.2));
        Assert.Equal(-(2.4 - 0.8 - 3.3 + 0.7) / 4, loss.Item(), 15);

        tape.Backward(loss);
        // d/dr: the clipped branch wins for samples 0 and 1 (zero gradient), the unclipped one for 2 and 3 (-A/4).
        Assert.Equal([0, 0, 0.75, -0.25], tape.AccumulatedGradient(ratio).ToArray());
    }

    [Fact]
    public void UnclippedAndVanillaSurrogatesAreMinusTheMeanProduct()
    {
        var tape = new Tape<double>();
        Tensor<double> advantages = tape.Constant(Shape.Vector(4), Advantages);
        Tensor<double> ratio = tape.Variable(Shape.Vector(4), Ratios);
        Assert.Equal(-(3 - 0.5 - 3.3 + 0.7) / 4, SurrogateObjectives.Loss(SurrogateObjectives.UnclippedPerSample(ratio, advantages)).Item(), 15);
        double[] logProb = [-1, -2, -0.5, -4];
        Tensor<double> logProbs = tape.Variable(Shape.Vector(4), logProb);
        Assert.Equal(-(-2 + 2 + 1.5 - 4) / 4.0, SurrogateObjectives.Loss(SurrogateObjectives.VanillaPerSample(logProbs, advantages)).Item(), 15);
    }

    [Fact]
    public void KlPenaltySubtractsBetaTimesTheKl()
    {
        var tape = new Tape<double>();
        Tensor<double> ratio = tape.Variable(Shape.Vector(4), Ratios);
        Tensor<double> kl = tape.Variable(Shape.Vector(4), [0.01, 0.02, 0.0, 0.5]);
        Tensor<double> loss = SurrogateObjectives.Loss(SurrogateObjectives.KlPenalizedPerSample(ratio, tape.Constant(Shape.Vector(4), Advantages), kl, 3.0));
        Assert.Equal(-((3 - 0.5 - 3.3 + 0.7) - (3.0 * 0.53)) / 4, loss.Item(), 14);
        tape.Backward(loss);
        Assert.Equal([0.75, 0.75, 0.75, 0.75], tape.AccumulatedGradient(kl).ToArray());
    }

    [Fact]
    public void CpgClipsTheLogRatioNotTheRatio()
    {
        // log r = ln 1.5 with A = +2: clip at ln 1.2; log r = ln 0.5 with A = -1: clip at ln 0.8.
        var tape = new Tape<double>();
        Tensor<double> logRatio = tape.Variable(Shape.Vector(2), [Math.Log(1.5), Math.Log(0.5)]);
        Tensor<double> loss = SurrogateObjectives.Loss(SurrogateObjectives.LogRatioClippedPerSample(logRatio, tape.Constant(Shape.Vector(2), [2.0, -1.0]), 0.2));
        double expected = -(Math.Min(2 * Math.Log(1.5), 2 * Math.Log(1.2)) + Math.Min(-Math.Log(0.5), -Math.Log(0.8))) / 2;
        Assert.Equal(expected, loss.Item(), 15);
        tape.Backward(loss);
        Assert.Equal([0.0, 0.0], tape.AccumulatedGradient(logRatio).ToArray());
    }

    [Fact]
    public void OverflowingRatiosAreNotRescued()
    {
        var tape = new Tape<float>();
        Tensor<float> ratio = tape.Variable(Shape.Vector(2), [float.PositiveInfinity, 1f]);
        Tensor<float> loss = SurrogateObjectives.Loss(SurrogateObjectives.UnclippedPerSample(ratio, tape.Constant(Shape.Vector(2), [1f, 1f])));
        Assert.Equal(float.NegativeInfinity, loss.Item());
    }

    [Fact]
    public void BadCoefficientsNameTheParameter()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Vector(1), [1.0]);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => SurrogateObjectives.Loss(SurrogateObjectives.ClippedPerSample(x, x, 1.0))).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => SurrogateObjectives.Loss(SurrogateObjectives.LogRatioClippedPerSample(x, x, 0))).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => SurrogateObjectives.Loss(SurrogateObjectives.KlPenalizedPerSample(x, x, x, -1))).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => ValueLoss.Clipped(x, x, x, double.NaN)).ParamName);
    }

    [Fact]
    public void ValueLossesMatchHandComputation()
    {
        var tape = new Tape<double>();
        Tensor<double> values = tape.Variable(Shape.Vector(2), [1.0, 3.0]);
        Tensor<double> returns = tape.Constant(Shape.Vector(2), [2.0, 0.0]);
        Assert.Equal(0.5 * (1 + 9) / 2, ValueLoss.Squared(values, returns).Item(), 15);
        // old values 0.9 and 1.0, eps 0.2: clipped predictions 1.0 (inside) and 1.2; losses max(1, 1) and max(9, 1.44).
        Tensor<double> oldValues = tape.Constant(Shape.Vector(2), [0.9, 1.0]);
        Assert.Equal(0.5 * (1 + 9) / 2, ValueLoss.Clipped(values, oldValues, returns, 0.2).Item(), 15);
        Tensor<double> close = tape.Variable(Shape.Vector(2), [1.9, 1.1]);
        // (1.9 - 2)^2 = 0.01 vs (0.9 + 0.2 - 2)^2 = 0.81; (1.1)^2 = 1.21 vs (1.1)^2.
        Assert.Equal(0.5 * (0.81 + 1.21) / 2, ValueLoss.Clipped(close, oldValues, returns, 0.2).Item(), 14);
    }

    [Property(MaxTest = 40, Replay = "(20261123,17)", Arbitrary = [typeof(ObjectiveInputs)])]
    public void ObjectiveGradientsMatchFiniteDifferencesInFp64(ObjectiveCase testCase)
    {
        GradCheckResult result = GradCheck.Gradient<double>(testCase, testCase.Inputs);
        Assert.True(result.Passed, result.ToString());
    }

    /// <summary>One objective at a random point away from its kinks (finite differences need smoothness there).</summary>
    public sealed record ObjectiveCase(string Name, double[][] Inputs) : IDifferentiableFunction
    {
        public IReadOnlyList<Shape> InputShapes => [.. Inputs.Select(x => Shape.Vector(x.Length))];

        public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            => Name switch
            {
                "clipped" => SurrogateObjectives.Loss(SurrogateObjectives.ClippedPerSample(inputs[0], inputs[1], 0.2)),
                "unclipped" => SurrogateObjectives.Loss(SurrogateObjectives.UnclippedPerSample(inputs[0], inputs[1])),
                "kl" => SurrogateObjectives.Loss(SurrogateObjectives.KlPenalizedPerSample(inputs[0], inputs[1], inputs[2], 0.7)),
                "vanilla" => SurrogateObjectives.Loss(SurrogateObjectives.VanillaPerSample(inputs[0], inputs[1])),
                "cpg" => SurrogateObjectives.Loss(SurrogateObjectives.LogRatioClippedPerSample(inputs[0], inputs[1], 0.2)),
                "value" => ValueLoss.Squared(inputs[0], inputs[1]),
                _ => ValueLoss.Clipped(inputs[0], inputs[1], inputs[2], 0.5),
            };

        public override string ToString() => $"{Name}({string.Join("; ", Inputs.Select(x => string.Join(",", x)))})";
    }

    public static class ObjectiveInputs
    {
        private static readonly string[] Names = ["clipped", "unclipped", "kl", "vanilla", "cpg", "value", "value_clipped"];

        // Values on a grid offset from the kinks: ratios at 1 +- (0.05 or 0.4), log-ratios at +-(0.05 or 0.5).
        public static Arbitrary<ObjectiveCase> Cases() =>
            (from name in Gen.Elements(Names)
             from n in Gen.Choose(1, 6)
             from a in Gen.ArrayOf(Gen.Elements(0.05, 0.4, -0.05, -0.4), n)
             from b in Gen.ArrayOf(Gen.Elements(-2.0, -0.5, 0.5, 1.5), n)
             from c in Gen.ArrayOf(Gen.Elements(0.1, 0.3, 2.0, -1.0), n)
             select Build(name, a, b, c)).ToArbitrary();

        private static ObjectiveCase Build(string name, double[] a, double[] b, double[] c) => name switch
        {
            "clipped" or "unclipped" or "kl" => new ObjectiveCase(name, name == "kl" ? [Shift(a, 1), b, c] : [Shift(a, 1), b]),
            "cpg" => new ObjectiveCase(name, [a, b]),
            "vanilla" => new ObjectiveCase(name, [Shift(a, -1), b]),
            "value" => new ObjectiveCase(name, [b, c]),
            // values = old + a (|a| != eps = 0.5 keeps away from the value clip kink), returns c.
            _ => new ObjectiveCase(name, [Shift(a, 0.3), [.. a.Select(_ => 0.3)], c]),
        };

        private static double[] Shift(double[] x, double by) => [.. x.Select(v => v + by)];
    }
}
