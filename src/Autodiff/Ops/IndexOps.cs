namespace Kernel.Autodiff.Ops;

/// <summary>
/// Ops that pick elements by position along an axis: argmax/argmin, max/min along an axis, index_select, gather and
/// its adjoint scatter-add (PyTorch's names and semantics). A matrix has axes 0 (over rows) and 1 (over columns); a
/// vector has one axis, 0, over its elements. Positions are tensors of T holding integers (exact up to 2048 in Half,
/// 2^24 in float), made with <see cref="Tape{T}.Indices"/> or returned by <see cref="ArgMax{T}"/>; a position that is
/// not an integer inside the axis reads as NaN. Gradients flow to the selected elements only (scatter-add backward,
/// so an element selected twice gets both contributions); positions get none.
/// </summary>
public static class IndexOps
{
    /// <summary>
    /// The position of the largest element along <paramref name="axis"/> (the first on ties; the first NaN if any, as
    /// PyTorch): a vector's gives a scalar, a matrix's axis 0 one position per column, axis 1 one per row. Not differentiable.
    /// </summary>
    public static Tensor<T> ArgMax<T>(this Tensor<T> x, int axis, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => ArgExtremum(ArgExtremumOp<T>.Maximum, x, axis, label);

    /// <summary>The position of the smallest element along <paramref name="axis"/>; as <see cref="ArgMax{T}"/> otherwise.</summary>
    public static Tensor<T> ArgMin<T>(this Tensor<T> x, int axis, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => ArgExtremum(ArgExtremumOp<T>.Minimum, x, axis, label);

    /// <summary>
    /// The largest element along <paramref name="axis"/> (torch.max(x, dim).values): shapes as <see cref="ArgMax{T}"/>.
    /// The gradient goes to the selected element only (the first of tied maxima).
    /// </summary>
    public static Tensor<T> Max<T>(this Tensor<T> x, int axis, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => SelectExtreme(x, x.ArgMax(axis), axis, label);

    /// <summary>The smallest element along <paramref name="axis"/>; as <see cref="Max{T}(Tensor{T}, int, string?)"/> otherwise.</summary>
    public static Tensor<T> Min<T>(this Tensor<T> x, int axis, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => SelectExtreme(x, x.ArgMin(axis), axis, label);

    /// <summary>
    /// The slices of x at <paramref name="indices"/> (a vector of k positions) along <paramref name="axis"/>, in that
    /// order (torch.index_select): a vector gives a vector of k, a matrix k rows (axis 0) or k columns (axis 1).
    /// </summary>
    public static Tensor<T> IndexSelect<T>(this Tensor<T> x, int axis, Tensor<T> indices, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.Two("index_select", x, indices, label);
        (int outer, _, int inner) = Layout("index_select", a.Shape, axis, label);
        if (b.Shape.Rank != 1)
        {
            throw new ArgumentException($"{OpGuard.Name("index_select", label)}: the positions {b.Describe()} must be a vector.", nameof(indices));
        }

        int count = b.Shape.Length;
        Shape shape = a.Shape.Rank == 1 ? Shape.Vector(count) : axis == 0 ? Shape.Matrix(count, inner) : Shape.Matrix(outer, count);
        return a.Tape.Record(GatherOp<T>.Instance, shape, a, b, i0: axis, i1: 1, label: label);
    }

    /// <summary>The slices at host positions <paramref name="indices"/>; each must lie inside the axis.</summary>
    public static Tensor<T> IndexSelect<T>(this Tensor<T> x, int axis, ReadOnlySpan<int> indices, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        (_, int length, _) = Layout("index_select", a.Shape, axis, label);
        CheckPositions("index_select", indices, length, label);
        return x.IndexSelect(axis, a.Tape.Indices(Shape.Vector(indices.Length), indices), label);
    }

    /// <summary>
    /// out[.., j, ..] = x[.., index[.., j, ..], ..] along <paramref name="axis"/> (torch.gather): <paramref name="index"/>
    /// has x's rank and, off the axis, x's size; the result has the index's shape. E.g. the log-prob of each row's
    /// action: <c>logProbs.Gather(1, actions)</c> with actions a rows x 1 matrix.
    /// </summary>
    public static Tensor<T> Gather<T>(this Tensor<T> x, int axis, Tensor<T> index, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.Two("gather", x, index, label);
        Layout("gather", a.Shape, axis, label);
        CheckIndexShape("gather", a.Shape, b.Shape, axis, label);
        return a.Tape.Record(GatherOp<T>.Instance, b.Shape, a, b, i0: axis, i1: 0, label: label);
    }

    /// <summary>
    /// A zero tensor of shape <paramref name="into"/> with each element of x added at its position along
    /// <paramref name="axis"/> (torch.zeros(into).scatter_add(axis, index, x)): the adjoint of <see cref="Gather{T}"/>.
    /// <paramref name="index"/> has x's shape; off the axis x must have <paramref name="into"/>'s size.
    /// </summary>
    public static Tensor<T> ScatterAdd<T>(this Tensor<T> x, int axis, Tensor<T> index, Shape into, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("scatter_add", x, index, label);
        Layout("scatter_add", into, axis, label);
        CheckIndexShape("scatter_add", into, a.Shape, axis, label);
        return a.Tape.Record(ScatterAddOp<T>.Instance, into, a, b, i0: axis, i1: 0, label: label);
    }

    /// <summary>(outer, length, inner) of <paramref name="shape"/> seen along <paramref name="axis"/>.</summary>
    internal static (int Outer, int Length, int Inner) Layout(string op, Shape shape, int axis, string? label)
    {
        return shape.Rank switch
        {
            1 when axis == 0 => (1, shape.Length, 1),
            2 when axis == 0 => (1, shape.Rows, shape.Columns),
            2 when axis == 1 => (shape.Rows, shape.Columns, 1),
            0 => throw new ArgumentException($"{OpGuard.Name(op, label)}: a scalar has no axis; reshape it to a vector first."),
            1 => throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{OpGuard.Name(op, label)}: a vector has one axis, 0."),
            _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{OpGuard.Name(op, label)}: axis must be 0 (over rows) or 1 (over columns) for a matrix {shape}."),
        };
    }

    private static Tensor<T> ArgExtremum<T>(ArgExtremumOp<T> op, Tensor<T> x, int axis, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        (int outer, int length, int inner) = Layout(op.Name, a.Shape, axis, label);
        if (length == 0)
        {
            throw new ArgumentException($"{OpGuard.Name(op.Name, label)}: axis {axis} of {a.Describe()} is empty; an extremum needs at least one element.", nameof(x));
        }

        Shape shape = a.Shape.Rank == 1 ? Shape.Scalar : Shape.Vector(outer * inner);
        return a.Tape.Record(op, shape, a, i0: axis, label: label);
    }

    /// <summary>x at one position per (outer, inner) pair: a gather of count 1 whose shape is the positions'.</summary>
    private static Tensor<T> SelectExtreme<T>(Tensor<T> x, Tensor<T> positions, int axis, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        Node<T> b = positions.Node;
        return a.Tape.Record(GatherOp<T>.Instance, b.Shape, a, b, i0: axis, i1: 0, label: label);
    }

    private static void CheckIndexShape(string op, Shape x, Shape index, int axis, string? label)
    {
        bool sameRank = x.Rank == index.Rank;
        bool offAxisMatches = x.Rank == 1 || (axis == 0 ? index.Columns == x.Columns : index.Rows == x.Rows);
        if (!sameRank || !offAxisMatches)
        {
            throw new ArgumentException(
                $"{OpGuard.Name(op, label)}: the positions have shape {index}; they need the rank of {x} and, off axis {axis}, its size.");
        }
    }

    private static void CheckPositions(string op, ReadOnlySpan<int> indices, int length, string? label)
    {
        for (int j = 0; j < indices.Length; j++)
        {
            if ((uint)indices[j] >= (uint)length)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[j], $"{OpGuard.Name(op, label)}: position {j} is {indices[j]}; it must be in [0, {length}).");
            }
        }
    }

    /// <summary>The layout of a gather or scatter node: blocks and inner size from the shape it indexes into.</summary>
    private static (int Outer, int Length, int Inner, int Count) Of<T>(Shape indexed, Node<T> other, int axis)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (int outer, int length, int inner) = Layout("index", indexed, axis, null);
        int block = outer * inner;
        return (outer, length, inner, block == 0 ? 0 : other.Shape.Length / block);
    }

    internal sealed class ArgExtremumOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ArgExtremumOp<T> Maximum = new(maximum: true);
        public static readonly ArgExtremumOp<T> Minimum = new(maximum: false);
        private readonly bool maximum;

        private ArgExtremumOp(bool maximum) => this.maximum = maximum;

        public override string Name => maximum ? "argmax" : "argmin";

        public override Op<double> InDouble => maximum ? ArgExtremumOp<double>.Maximum : ArgExtremumOp<double>.Minimum;

        /// <summary>Positions are piecewise constant: no gradient, no tangent.</summary>
        public override bool IsDifferentiable => false;

        public override void Forward(Node<T> node)
        {
            (int outer, int length, int inner) = Layout(Name, node.A!.Shape, node.I0, null);
            node.Tape.Backend.ArgExtremum(node.A.Storage, outer, length, inner, maximum, node.Storage);
        }

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output) => null;
    }

    /// <summary>Gather (I1 = 0: one position per output element) or index_select (I1 = 1: one position list); A = source, B = positions, I0 = axis.</summary>
    internal sealed class GatherOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly GatherOp<T> Instance = new();

        public override string Name => "gather";

        public override Op<double> InDouble => GatherOp<double>.Instance;

        public override void Forward(Node<T> node)
        {
            (int outer, int length, int inner, _) = Of(node.A!.Shape, node, node.I0);
            node.Tape.Backend.Gather(node.A.Storage, outer, length, inner, node.B!.Storage, node.I1 != 0, node.Storage);
        }

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            Node<T> source = node.A!;
            Node<T> g = outputGradient.Node;
            node.Tape.AccumulateGradient(source, node.Tape.Record(ScatterAddOp<T>.Instance, source.Shape, g, node.B!, i0: node.I0, i1: node.I1));
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A) is { } t ? node.Tape.Record(Instance, node.Shape, t.Node, node.B!, i0: node.I0, i1: node.I1) : null;
    }

    /// <summary>Scatter-add into a zero tensor of the node's shape; A = values, B = positions, I0 = axis, I1 as <see cref="GatherOp{T}"/>.</summary>
    internal sealed class ScatterAddOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ScatterAddOp<T> Instance = new();

        public override string Name => "scatter_add";

        public override Op<double> InDouble => ScatterAddOp<double>.Instance;

        public override void Forward(Node<T> node)
        {
            (int outer, _, int inner, int count) = Of(node.Shape, node.A!, node.I0);
            node.Tape.Backend.ScatterAdd(node.A!.Storage, outer, count, inner, node.B!.Storage, node.I1 != 0, node.Storage);
        }

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            Node<T> values = node.A!;
            node.Tape.AccumulateGradient(values, node.Tape.Record(GatherOp<T>.Instance, values.Shape, outputGradient.Node, node.B!, i0: node.I0, i1: node.I1));
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A) is { } t ? node.Tape.Record(Instance, node.Shape, t.Node, node.B!, i0: node.I0, i1: node.I1) : null;
    }
}
