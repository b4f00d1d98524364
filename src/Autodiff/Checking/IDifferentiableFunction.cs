namespace Kernel.Autodiff.Checking;

/// <summary>
/// A function of tensors that <see cref="GradCheck"/> can evaluate in any precision: the run's precision for the
/// analytic derivatives, fp64 for the finite differences.
/// </summary>
public interface IDifferentiableFunction
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>The shapes of the inputs, in order.</summary>
    IReadOnlyList<Shape> InputShapes { get; }

    /// <summary>Records the function on <paramref name="tape"/> and returns its output (any shape).</summary>
    Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}
