using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Ops;

/// <summary>
/// Reductions: sum and mean over everything or one axis, max, min, dot, squared norm, log-sum-exp, and the
/// row-wise log-softmax built on it. Axis 0 runs over rows (one result per column, e.g. a bias gradient over a
/// batch); axis 1 runs over columns (one result per row, e.g. a log-prob per sample). A vector counts as one row.
/// In fp16 the sums accumulate as the backend's <see cref="Kernels.Accumulation"/> says. A mean is its own reduction
/// (as PyTorch's is), not a sum followed by a scaling: the accumulator is scaled by 1/n before the one rounding, so
/// an fp16 mean whose sum exceeds 65504 is still finite when the mean itself fits.
/// </summary>
public static class ReductionOps
{
    /// <summary>The sum of all elements, as a scalar.</summary>
    public static Tensor<T> Sum<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => WholeReduction(ReduceOp<T>.Sum, x, label);

    /// <summary>Sums over one axis: 0 gives a vector of column sums, 1 a vector of row sums.</summary>
    public static Tensor<T> Sum<T>(this Tensor<T> x, int axis, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        CheckAxis("sum", axis, label);
        return axis == 0
            ? a.Tape.Record(ColumnReduceOp<T>.Sum, Shape.Vector(a.Shape.Columns), a, label: label)
            : a.Tape.Record(RowReduceOp<T>.Sum, Shape.Vector(a.Shape.Rows), a, label: label);
    }

    /// <summary>The mean of all elements, as a scalar (NaN for an empty tensor).</summary>
    public static Tensor<T> Mean<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => WholeReduction(ReduceOp<T>.Mean, x, label);

    /// <summary>Means over one axis: 0 over rows (per column), 1 over columns (per row).</summary>
    public static Tensor<T> Mean<T>(this Tensor<T> x, int axis, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        CheckAxis("mean", axis, label);
        return axis == 0
            ? a.Tape.Record(ColumnReduceOp<T>.Mean, Shape.Vector(a.Shape.Columns), a, label: label)
            : a.Tape.Record(RowReduceOp<T>.Mean, Shape.Vector(a.Shape.Rows), a, label: label);
    }

    /// <summary>The largest element, as a scalar; its gradient is shared equally by tied maxima.</summary>
    public static Tensor<T> Max<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => WholeReduction(ReduceOp<T>.Max, x, label);

    /// <summary>The smallest element, as a scalar; its gradient is shared equally by tied minima.</summary>
    public static Tensor<T> Min<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => WholeReduction(ReduceOp<T>.Min, x, label);

    /// <summary>The sum of squares (squared L2 norm), as a scalar.</summary>
    public static Tensor<T> SumOfSquares<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => WholeReduction(ReduceOp<T>.SumOfSquares, x, label);

    /// <summary>log(sum(exp(x))) over all elements, computed stably (shifted by the maximum), as a scalar.</summary>
    public static Tensor<T> LogSumExp<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => WholeReduction(ReduceOp<T>.LogSumExp, x, label);

    /// <summary>log(sum(exp(x))) of each row (axis must be 1), as a vector with one entry per row.</summary>
    public static Tensor<T> LogSumExp<T>(this Tensor<T> x, int axis, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        if (axis != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{OpGuard.Name("logsumexp", label)}: per-axis log-sum-exp runs over columns; axis must be 1.");
        }

        return a.Tape.Record(RowReduceOp<T>.LogSumExp, Shape.Vector(a.Shape.Rows), a, label: label);
    }

    /// <summary>Row-wise log-softmax: x - logsumexp(x) of its row, stable for large logits.</summary>
    public static Tensor<T> LogSoftmax<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => x.Subtract(x.LogSumExp(axis: 1).BroadcastColumn(x.Columns).Reshape(x.Shape), label);

    /// <summary>The dot product of two tensors of equal shape, as a scalar.</summary>
    public static Tensor<T> Dot<T>(this Tensor<T> x, Tensor<T> y, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("dot", x, y, label);
        return a.Tape.Record(DotOp<T>.Instance, Shape.Scalar, a, b, label: label);
    }

    private static Tensor<T> WholeReduction<T>(ReduceOp<T> op, Tensor<T> x, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        if (a.Shape.Length == 0 && (op.Kernel == ReductionKernel.Max || op.Kernel == ReductionKernel.Min))
        {
            throw new ArgumentException($"{OpGuard.Name(op.Name, label)}: {a.Describe()} is empty; max and min need at least one element.", nameof(x));
        }

        return a.Tape.Record(op, Shape.Scalar, a, label: label);
    }

    private static void CheckAxis(string op, int axis, string? label)
    {
        if (axis is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{OpGuard.Name(op, label)}: axis must be 0 (over rows) or 1 (over columns).");
        }
    }

    /// <summary>
    /// 1/count in T: the factor of a mean's derivative. fp16 takes it from float, so a count beyond fp16's range
    /// (65504) still gives a nonzero factor; fp32 and fp64 divide in their own precision.
    /// </summary>
    private static T Reciprocal<T>(int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => typeof(T) == typeof(Half) ? T.CreateTruncating(1f / count) : T.One / T.CreateTruncating(count);

    /// <summary>A scalar spread over <paramref name="like"/>'s shape.</summary>
    private static Tensor<T> Spread<T>(Tensor<T> scalar, Node<T> like)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => scalar.BroadcastScalar(like.Shape);

    /// <summary>A per-row vector spread across <paramref name="like"/>'s columns, in <paramref name="like"/>'s shape.</summary>
    private static Tensor<T> SpreadAcrossColumns<T>(Tensor<T> perRow, Node<T> like)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> matrix = perRow.BroadcastColumn(like.Shape.Columns);
        return matrix.Shape == like.Shape ? matrix : matrix.Reshape(like.Shape);
    }

    internal sealed class ReduceOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ReduceOp<T> Sum = new(ReductionKernel.Sum, "sum");
        public static readonly ReduceOp<T> Mean = new(ReductionKernel.Mean, "mean");
        public static readonly ReduceOp<T> Max = new(ReductionKernel.Max, "max_all");
        public static readonly ReduceOp<T> Min = new(ReductionKernel.Min, "min_all");
        public static readonly ReduceOp<T> SumOfSquares = new(ReductionKernel.SumOfSquares, "sum_of_squares");
        public static readonly ReduceOp<T> LogSumExp = new(ReductionKernel.LogSumExp, "logsumexp");
        private static readonly T Two = T.CreateTruncating(2);

        private ReduceOp(ReductionKernel kernel, string name)
        {
            Kernel = kernel;
            Name = name;
        }

        public ReductionKernel Kernel { get; }

        public override string Name { get; }

        public override Op<double> InDouble => Kernel switch
        {
            ReductionKernel.Sum => ReduceOp<double>.Sum,
            ReductionKernel.Mean => ReduceOp<double>.Mean,
            ReductionKernel.Max => ReduceOp<double>.Max,
            ReductionKernel.Min => ReduceOp<double>.Min,
            ReductionKernel.SumOfSquares => ReduceOp<double>.SumOfSquares,
            _ => ReduceOp<double>.LogSumExp,
        };

        public override void Forward(Node<T> node) => node.Tape.Backend.Reduce(Kernel, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            Node<T> x = node.A!;
            var input = new Tensor<T>(x);
            Tensor<T> gradient = Kernel switch
            {
                ReductionKernel.Sum => Spread(outputGradient, x),
                ReductionKernel.Mean => Spread(outputGradient.MultiplyScalar(Reciprocal<T>(x.Shape.Length)), x),
                ReductionKernel.SumOfSquares => input.Multiply(Spread(outputGradient.MultiplyScalar(Two), x)),
                ReductionKernel.LogSumExp => Softmax(input, output).Multiply(Spread(outputGradient, x)),
                _ => ArgMask(input, output, out Tensor<T> ties).Multiply(Spread(outputGradient.Divide(ties), x)),
            };
            node.Tape.AccumulateGradient(x, gradient);
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            if (node.Tape.TangentOf(node.A) is not { } tangent)
            {
                return null;
            }

            var input = new Tensor<T>(node.A!);
            return Kernel switch
            {
                ReductionKernel.Sum => tangent.Sum(),
                ReductionKernel.Mean => tangent.Mean(),
                ReductionKernel.SumOfSquares => input.Dot(tangent).MultiplyScalar(Two),
                ReductionKernel.LogSumExp => Softmax(input, output).Dot(tangent),
                _ => ArgMask(input, output, out Tensor<T> ties).Dot(tangent).Divide(ties),
            };
        }

        /// <summary>exp(x - lse): the weights of log-sum-exp's gradient.</summary>
        private static Tensor<T> Softmax(Tensor<T> input, Tensor<T> output) => input.Subtract(output.BroadcastScalar(input.Shape)).Exp();

        /// <summary>1 where x equals the extremum, and the number of such ties.</summary>
        private static Tensor<T> ArgMask(Tensor<T> input, Tensor<T> output, out Tensor<T> ties)
        {
            Tensor<T> mask = input.EqualMask(output.BroadcastScalar(input.Shape));
            ties = mask.Sum();
            return mask;
        }
    }

    /// <summary>Per-row reductions (axis 1): sums, means and log-sum-exp.</summary>
    internal sealed class RowReduceOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly RowReduceOp<T> Sum = new(ReductionKernel.Sum, "sum_axis1");
        public static readonly RowReduceOp<T> Mean = new(ReductionKernel.Mean, "mean_axis1");
        public static readonly RowReduceOp<T> LogSumExp = new(ReductionKernel.LogSumExp, "logsumexp_axis1");
        private readonly ReductionKernel kernel;

        private RowReduceOp(ReductionKernel kernel, string name)
        {
            this.kernel = kernel;
            Name = name;
        }

        public override string Name { get; }

        public override Op<double> InDouble => kernel switch
        {
            ReductionKernel.Sum => RowReduceOp<double>.Sum,
            ReductionKernel.Mean => RowReduceOp<double>.Mean,
            _ => RowReduceOp<double>.LogSumExp,
        };

        public override void Forward(Node<T> node)
            => node.Tape.Backend.ReduceRows(kernel, node.A!.Storage, node.A.Shape.Rows, node.A.Shape.Columns, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            Node<T> x = node.A!;
            Tensor<T> gradient = kernel switch
            {
                ReductionKernel.Sum => SpreadAcrossColumns(outputGradient, x),
                ReductionKernel.Mean => SpreadAcrossColumns(outputGradient.MultiplyScalar(Reciprocal<T>(x.Shape.Columns)), x),
                _ => Softmax(node, output).Multiply(SpreadAcrossColumns(outputGradient, x)),
            };
            node.Tape.AccumulateGradient(x, gradient);
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            if (node.Tape.TangentOf(node.A) is not { } tangent)
            {
                return null;
            }

            return kernel switch
            {
                ReductionKernel.Sum => tangent.Sum(axis: 1),
                ReductionKernel.Mean => tangent.Mean(axis: 1),
                _ => Softmax(node, output).Multiply(tangent).Sum(axis: 1),
            };
        }

        private static Tensor<T> Softmax(Node<T> node, Tensor<T> output)
            => new Tensor<T>(node.A!).Subtract(SpreadAcrossColumns(output, node.A!)).Exp();
    }

    /// <summary>Per-column reductions (axis 0): the sum or mean over a batch, as for a bias gradient.</summary>
    internal sealed class ColumnReduceOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ColumnReduceOp<T> Sum = new(ReductionKernel.Sum, "sum_axis0");
        public static readonly ColumnReduceOp<T> Mean = new(ReductionKernel.Mean, "mean_axis0");
        private readonly ReductionKernel kernel;

        private ColumnReduceOp(ReductionKernel kernel, string name)
        {
            this.kernel = kernel;
            Name = name;
        }

        public override string Name { get; }

        public override Op<double> InDouble => kernel == ReductionKernel.Sum ? ColumnReduceOp<double>.Sum : ColumnReduceOp<double>.Mean;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.ReduceColumns(kernel, node.A!.Storage, node.A.Shape.Rows, node.A.Shape.Columns, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            Node<T> x = node.A!;
            Tensor<T> perColumn = kernel == ReductionKernel.Sum ? outputGradient : outputGradient.MultiplyScalar(Reciprocal<T>(x.Shape.Rows));
            Tensor<T> spread = perColumn.BroadcastRow(x.Shape.Rows);
            node.Tape.AccumulateGradient(x, spread.Shape == x.Shape ? spread : spread.Reshape(x.Shape));
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A) is { } tangent
                ? kernel == ReductionKernel.Sum ? tangent.Sum(axis: 0) : tangent.Mean(axis: 0)
                : null;
    }

    internal sealed class DotOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly DotOp<T> Instance = new();

        public override string Name => "dot";

        public override Op<double> InDouble => DotOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Dot(node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            Tensor<T> spread = Spread(outputGradient, node.A!);
            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, new Tensor<T>(node.B!).Multiply(spread));
            }

            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, new Tensor<T>(node.A).Multiply(spread));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tensor<T>? viaA = node.Tape.TangentOf(node.A)?.Dot(new Tensor<T>(node.B!));
            Tensor<T>? viaB = node.Tape.TangentOf(node.B) is { } tb ? new Tensor<T>(node.A!).Dot(tb) : null;
            return Tangents.Sum(viaA, viaB);
        }
    }
}
