using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.Nn;
using Kernel.Autodiff.Checking;
using Xunit;

namespace Kernel.Algorithms.Tests.Nn;

/// <summary>
/// The MLP's derivatives with respect to its input and every weight and bias, in fp64, against central finite differences
/// (GradCheck): reverse-mode gradient, forward-mode JVP and double-backward HVP, over random depths (1 to 3 layers),
/// widths (1 to 5), batch sizes (1 to 4), activations and values in [-1, 1]. ReLU cases keep every pre-activation at
/// least <see cref="KinkMargin"/> from 0, far beyond the finite-difference steps, so the kink is never straddled.
/// </summary>
public class MlpGradientProperties
{
    private const int Cases = 60;
    private const string Seed = "(20250117,7654321)";
    private const double KinkMargin = 1e-2;

    [Property(MaxTest = Cases, Replay = Seed)]
    public Property GradientJvpAndHvpMatchFiniteDifferences()
        => Prop.ForAll(RandomNetworks().ToArbitrary(), static c => AssertAllPass(c));

    [Fact]
    public void AWrongDerivativeIsCaught()
    {
        // Control: the same check on a function whose forward is the MLP but whose gradient is deliberately scaled
        // (the tape sees 2 * mlp(x) - stop_gradient(mlp(x))) must fail.
        var function = new MlpFunction([3, 4, 2], 2, Activation.Tanh) { BreakGradient = true };
        GradCheckResult result = GradCheck.Gradient<double>(function, function.RandomInputs(seed: 1));
        Assert.False(result.Passed, result.ToString());
    }

    private static Gen<MlpFunction> RandomNetworks()
        => from depth in Gen.Choose(1, 3)
           from widths in Gen.ArrayOf(Gen.Choose(1, 5), depth + 1)
           from batch in Gen.Choose(1, 4)
           from activation in Gen.Elements(Activation.Tanh, Activation.Relu, Activation.Silu)
           from seed in Gen.Choose(0, int.MaxValue)
           let function = new MlpFunction(widths, batch, activation) { Seed = seed }
           where activation != Activation.Relu || function.MinAbsPreActivation(function.RandomInputs(seed)) >= KinkMargin
           select function;

    private static void AssertAllPass(MlpFunction function)
    {
        IReadOnlyList<double[]> inputs = function.RandomInputs(function.Seed);
        GradCheckResult[] results =
        [
            GradCheck.Gradient<double>(function, inputs),
            GradCheck.Jvp<double>(function, inputs),
            GradCheck.Hvp<double>(function, inputs),
        ];
        Assert.True(results.All(r => r.Passed), string.Join(Environment.NewLine, results.Select(r => r.ToString())));
    }

    /// <summary>The MLP as a function of (x, W0, b0, W1, b1, ...), built from the module's own classes.</summary>
    private sealed class MlpFunction(int[] widths, int batch, Activation activation) : IDifferentiableFunction
    {
        public int Seed { get; init; }

        public bool BreakGradient { get; init; }

        public string Name => $"mlp {string.Join('-', widths)} batch {batch} {activation}";

        public IReadOnlyList<Shape> InputShapes { get; } = Shapes(widths, batch);

        public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var layers = new Linear<T>[widths.Length - 1];
            for (int l = 0; l < layers.Length; l++)
            {
                layers[l] = new Linear<T>(inputs[1 + (2 * l)], inputs[2 + (2 * l)], (2 * l).ToString(CultureInfo.InvariantCulture));
            }

            Tensor<T> y = new Mlp<T>(layers, activation).Forward(inputs[0]);
            return BreakGradient ? y.MultiplyScalar(T.CreateTruncating(2)).Subtract(tape.Detach(y)) : y;
        }

        public List<double[]> RandomInputs(int seed)
        {
            var random = new Random(seed);
            return InputShapes.Select(shape => Enumerable.Range(0, shape.Length).Select(_ => (random.NextDouble() * 2) - 1).ToArray()).ToList();
        }

        public double MinAbsPreActivation(List<double[]> inputs)
        {
            var layers = new List<(double[] Weight, double[] Bias)>();
            for (int l = 0; l < widths.Length - 1; l++)
            {
                layers.Add((inputs[1 + (2 * l)], inputs[2 + (2 * l)]));
            }

            var preActivations = new List<double>();
            MlpReference.Mlp(inputs[0], batch, layers, activation, preActivations);
            return preActivations.Count == 0 ? double.PositiveInfinity : preActivations.Min(Math.Abs);
        }

        public override string ToString() => $"{Name} seed {Seed}";

        private static Shape[] Shapes(int[] widths, int batch)
        {
            var shapes = new List<Shape> { Shape.Matrix(batch, widths[0]) };
            for (int l = 0; l < widths.Length - 1; l++)
            {
                shapes.Add(Shape.Matrix(widths[l + 1], widths[l]));
                shapes.Add(Shape.Vector(widths[l + 1]));
            }

            return shapes.ToArray();
        }
    }
}
