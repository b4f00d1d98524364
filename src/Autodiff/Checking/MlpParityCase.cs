using Kernel.Autodiff.Ops;

namespace Kernel.Autodiff.Checking;

/// <summary>
/// A two-layer tanh MLP with a log-softmax head, log_softmax(tanh(x W1 + b1) W2^T + b2), at sizes the caller picks:
/// with sizes that are no multiple of a GEMM tile edge (4 on the ILGPU CPU accelerator, 16 on CUDA) it exercises a
/// device's tiling and padding through the tape's forward, backward and double backward (see <see cref="BackendParity"/>).
/// Immutable; thread-safe.
/// </summary>
public sealed class MlpParityCase : IDifferentiableFunction
{
    /// <summary>Creates the case.</summary>
    /// <param name="batch">Rows of the input (&gt;= 1).</param>
    /// <param name="features">Input features (&gt;= 1).</param>
    /// <param name="hidden">Hidden units (&gt;= 1).</param>
    /// <param name="classes">Outputs of the log-softmax (&gt;= 1).</param>
    public MlpParityCase(int batch, int features, int hidden, int classes)
    {
        Positive(batch, nameof(batch));
        Positive(features, nameof(features));
        Positive(hidden, nameof(hidden));
        Positive(classes, nameof(classes));
        Name = $"mlp_{batch}x{features}x{hidden}x{classes}";
        InputShapes = [Shape.Matrix(batch, features), Shape.Matrix(features, hidden), Shape.Vector(hidden), Shape.Matrix(classes, hidden), Shape.Vector(classes)];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Shape> InputShapes { get; }

    /// <inheritdoc />
    public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> hidden = inputs[0].MatMul(inputs[1]).AddRow(inputs[2]).Tanh();
        return hidden.MatMul(inputs[3], transposeB: true).AddRow(inputs[4]).LogSoftmax();
    }

    /// <summary>Inputs uniform in [-1, 1], weights in +-1/sqrt(fan-in), biases in +-0.1.</summary>
    /// <param name="random">The source of the values.</param>
    /// <returns>One array per input.</returns>
    public double[][] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int features = InputShapes[0].Columns;
        int hidden = InputShapes[2].Length;
        double[] Draw(Shape shape, double scale) => [.. Enumerable.Range(0, shape.Length).Select(_ => scale * ((2 * random.NextDouble()) - 1))];
        return
        [
            Draw(InputShapes[0], 1),
            Draw(InputShapes[1], 1 / Math.Sqrt(features)),
            Draw(InputShapes[2], 0.1),
            Draw(InputShapes[3], 1 / Math.Sqrt(hidden)),
            Draw(InputShapes[4], 0.1),
        ];
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= 1.");
        }
    }
}
