using Kernel.Algorithms.Advantages;
using Kernel.Autodiff.Checking;
using Xunit;

namespace Kernel.Algorithms.Tests.Advantages;

/// <summary>
/// GAE generic over the precision and on the tape: fp32 results are the fp64 ones rounded once; the tape's advantages
/// equal the host's in fp64 (with terminations, truncations and several copies), and their derivatives with respect to
/// rewards, values, last and final values match finite differences (gradient, JVP and HVP).
/// </summary>
public class GaeOnTapeTests
{
    private const int Steps = 5;
    private const int Envs = 2;
    private static readonly double[] Rewards = [1, -0.5, 2, 0.25, 0.5, 1.5, -1, 0.75, 0.3, -0.2];
    private static readonly double[] Values = [0.5, 1, 2, -0.5, 1.5, 0.25, 0.1, 0.9, -0.3, 0.6];
    private static readonly double[] FinalValues = [0.7, -0.4, 1.1, 0.2, 3, 0.8, -0.6, 0.4, 0.5, 1.2];
    private static readonly double[] LastValues = [2, -1];
    private static readonly bool[] Terminated = [false, false, true, false, false, false, false, true, false, false];
    private static readonly bool[] Truncated = [false, false, false, false, false, true, false, true, false, false];
    private static readonly GaeOptions Options = new(0.9, 0.8);

    [Fact]
    public void Fp32ResultsAreTheFp64ResultsRoundedOnce()
    {
        (double[] advantages, double[] returns) = Host(Rewards, Values, FinalValues, LastValues);
        float[] advantages32 = new float[Steps * Envs];
        float[] returns32 = new float[Steps * Envs];
        GeneralizedAdvantageEstimator.Compute(
            new GaeRollout<float>
            {
                Rewards = Narrow(Rewards), Values = Narrow(Values), LastValues = Narrow(LastValues),
                Terminated = Terminated, Truncated = Truncated, FinalValues = Narrow(FinalValues),
            },
            Options,
            advantages32,
            returns32);
        (double[] fromNarrowed, _) = Host(Widen(Narrow(Rewards)), Widen(Narrow(Values)), Widen(Narrow(FinalValues)), Widen(Narrow(LastValues)));
        Assert.Equal(Narrow(fromNarrowed), advantages32);
        Assert.NotEqual(Narrow(advantages), new float[Steps * Envs]);
    }

    [Fact]
    public void TheTapeGivesTheHostAdvantagesInFp64()
    {
        (double[] expected, _) = Host(Rewards, Values, FinalValues, LastValues);
        var tape = new Tape<double>();
        Tensor<double> advantages = GeneralizedAdvantageEstimator.Compute(Tensors(tape, Rewards, Values, LastValues, FinalValues), Options);
        Assert.Equal(Shape.Matrix(Steps, Envs), advantages.Shape);
        double[] actual = advantages.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-14);
        }
    }

    [Fact]
    public void TheTapeAdvantagesDifferentiateCorrectly()
    {
        var function = new TapeGae();
        double[][] point = [Rewards, Values, LastValues, FinalValues];
        GradCheckResult[] results =
        [
            GradCheck.Gradient<double>(function, point),
            GradCheck.Jvp<double>(function, point),
            GradCheck.Hvp<double>(function, point),
        ];
        Assert.True(results.All(r => r.Passed), string.Join(Environment.NewLine, results.Select(r => r.ToString())));
    }

    [Fact]
    public void ATruncationWithoutFinalValuesIsNamed()
    {
        var tape = new Tape<double>();
        GaeTensors<double> rollout = Tensors(tape, Rewards, Values, LastValues, FinalValues) with { FinalValues = null };
        Assert.Equal("finalValues", Assert.Throws<ArgumentException>(() => GeneralizedAdvantageEstimator.Compute(rollout, Options)).ParamName);
    }

    private static GaeTensors<T> Tensors<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => new(x[0], x[1], x[2], Mask(tape, Terminated), Mask(tape, Truncated), x[3]);

    private static GaeTensors<double> Tensors(Tape<double> tape, double[] rewards, double[] values, double[] lastValues, double[] finalValues)
    {
        Shape matrix = Shape.Matrix(Steps, Envs);
        return Tensors<double>(tape, [tape.Variable(matrix, rewards), tape.Variable(matrix, values), tape.Variable(Shape.Vector(Envs), lastValues), tape.Variable(matrix, finalValues)]);
    }

    private static Tensor<T> Mask<T>(Tape<T> tape, bool[] flags)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => tape.Constant(Shape.Matrix(Steps, Envs), flags.Select(f => f ? T.One : T.Zero).ToArray());

    private static (double[] Advantages, double[] Returns) Host(double[] rewards, double[] values, double[] finalValues, double[] lastValues)
    {
        double[] advantages = new double[Steps * Envs];
        double[] returns = new double[Steps * Envs];
        GeneralizedAdvantageEstimator.Compute(
            new GaeRollout<double>
            {
                Rewards = rewards, Values = values, LastValues = lastValues, Terminated = Terminated, Truncated = Truncated, FinalValues = finalValues,
            },
            Options,
            advantages,
            returns);
        return (advantages, returns);
    }

    private static float[] Narrow(double[] values) => Array.ConvertAll(values, v => (float)v);

    private static double[] Widen(float[] values) => Array.ConvertAll(values, v => (double)v);

    /// <summary>The tape's GAE as a function of (rewards, values, last values, final values), squared so the HVP is not zero.</summary>
    private sealed class TapeGae : IDifferentiableFunction
    {
        public string Name => "gae_on_tape";

        public IReadOnlyList<Shape> InputShapes { get; } = [Shape.Matrix(Steps, Envs), Shape.Matrix(Steps, Envs), Shape.Vector(Envs), Shape.Matrix(Steps, Envs)];

        public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            => GeneralizedAdvantageEstimator.Compute(Tensors(tape, inputs), Options).Square();
    }
}
