namespace Kernel.Autodiff.Ops;

/// <summary>
/// Reshape (a view: no copy), slicing and concatenation along the feature axis (columns), e.g. splitting a
/// network's output into mean and log-std, or joining observation features, and stacking along a new axis.
/// </summary>
public static class ShapeOps
{
    /// <summary>The same elements in a new shape with the same number of elements (shares memory with x).</summary>
    public static Tensor<T> Reshape<T>(this Tensor<T> x, Shape shape, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        if (shape.Length != a.Shape.Length)
        {
            throw new ArgumentException($"{OpGuard.Name("reshape", label)}: cannot reshape {a.Describe()} ({a.Shape.Length} elements) to {shape} ({shape.Length} elements).", nameof(shape));
        }

        return a.Tape.Record(ReshapeOp<T>.Instance, shape, a, label: label, sharedStorage: a.Storage);
    }

    /// <summary>Columns [start, start + count) of every row. A vector is sliced as one row and stays a vector.</summary>
    public static Tensor<T> SliceColumns<T>(this Tensor<T> x, int start, int count, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        int columns = a.Shape.Columns;
        if (start < 0 || start > columns)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"{OpGuard.Name("slice", label)}: start must be in [0, {columns}] for {a.Describe()}.");
        }

        if (count < 0 || start + count > columns)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{OpGuard.Name("slice", label)}: count must be in [0, {columns - start}] for start {start} of {a.Describe()}.");
        }

        Shape shape = a.Shape.Rank == 2 ? Shape.Matrix(a.Shape.Rows, count) : Shape.Vector(count);
        return a.Tape.Record(SliceOp<T>.Instance, shape, a, i0: start, label: label);
    }

    /// <summary>[x | y]: the columns of y appended to those of x (equal row counts; vectors join as vectors).</summary>
    public static Tensor<T> ConcatColumns<T>(this Tensor<T> x, Tensor<T> y, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.Two("concat", x, y, label);
        if (a.Shape.Rows != b.Shape.Rows || (a.Shape.Rank == 2) != (b.Shape.Rank == 2))
        {
            throw new ArgumentException($"{OpGuard.Name("concat", label)}: row counts differ: {a.Describe()} vs {b.Describe()}.");
        }

        int columns = a.Shape.Columns + b.Shape.Columns;
        Shape shape = a.Shape.Rank == 2 ? Shape.Matrix(a.Shape.Rows, columns) : Shape.Vector(columns);
        return a.Tape.Record(ConcatOp<T>.Instance, shape, a, b, label: label);
    }

    /// <summary>
    /// Joins tensors of one shape along a new <paramref name="axis"/> (torch.stack): k scalars give a vector of k; k vectors
    /// of n give a k x n matrix (axis 0, one row each) or an n x k matrix (axis 1, one column each). Built as a balanced
    /// tree of column concatenations of views, so backward and JVP are theirs and no element is copied more than
    /// log2(k) + 1 times.
    /// </summary>
    public static Tensor<T> Stack<T>(ReadOnlySpan<Tensor<T>> tensors, int axis = 0, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (tensors.Length == 0)
        {
            throw new ArgumentException($"{OpGuard.Name("stack", label)}: needs at least one tensor.", nameof(tensors));
        }

        Shape shape = tensors[0].Shape;
        for (int i = 1; i < tensors.Length; i++)
        {
            OpGuard.SameShape("stack", tensors[0], tensors[i], label);
        }

        bool columns = shape.Rank == 1 && axis == 1;
        if (shape.Rank == 2 || !(axis == 0 || columns))
        {
            throw new ArgumentOutOfRangeException(
                nameof(axis), axis, $"{OpGuard.Name("stack", label)}: stacks scalars along axis 0 and vectors along axis 0 or 1; got {shape} tensors and axis {axis}.");
        }

        int k = tensors.Length;
        int n = shape.Length;
        Tensor<T> joined = Join(tensors, columns, n);
        Shape result = shape.Rank == 0 ? Shape.Vector(k) : columns ? Shape.Matrix(n, k) : Shape.Matrix(k, n);
        return joined.Reshape(result, label);
    }

    /// <summary>Concatenates the tensors as vectors (rows) or as n x 1 columns, halving recursively.</summary>
    private static Tensor<T> Join<T>(ReadOnlySpan<Tensor<T>> tensors, bool columns, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (tensors.Length == 1)
        {
            return tensors[0].Reshape(columns ? Shape.Matrix(n, 1) : Shape.Vector(n));
        }

        int half = tensors.Length / 2;
        return Join(tensors[..half], columns, n).ConcatColumns(Join(tensors[half..], columns, n));
    }

    /// <summary>x placed at columns [start, start + x.Columns) of a zero tensor with <paramref name="columns"/> columns: the adjoint of a slice.</summary>
    internal static Tensor<T> EmbedColumns<T>(this Tensor<T> x, int start, int columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        Shape shape = a.Shape.Rank == 2 ? Shape.Matrix(a.Shape.Rows, columns) : Shape.Vector(columns);
        return a.Tape.Record(EmbedOp<T>.Instance, shape, a, i0: start);
    }

    internal sealed class ReshapeOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ReshapeOp<T> Instance = new();

        public override string Name => "reshape";

        public override Op<double> InDouble => ReshapeOp<double>.Instance;

        /// <summary>A reshape shares its input's storage; used only when replaying on a copy.</summary>
        public override void Forward(Node<T> node) => node.Tape.Backend.Copy(node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.Reshape(node.A!.Shape));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output) => node.Tape.TangentOf(node.A)?.Reshape(node.Shape);
    }

    internal sealed class SliceOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SliceOp<T> Instance = new();

        public override string Name => "slice";

        public override Op<double> InDouble => SliceOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.CopyColumns(node.A!.Storage, node.A.Shape.Columns, node.I0, node.Storage, node.Shape.Columns, 0, node.Shape.Rows, node.Shape.Columns);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.EmbedColumns(node.I0, node.A!.Shape.Columns));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A)?.SliceColumns(node.I0, node.Shape.Columns);
    }

    internal sealed class EmbedOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly EmbedOp<T> Instance = new();

        public override string Name => "embed_columns";

        public override Op<double> InDouble => EmbedOp<double>.Instance;

        public override void Forward(Node<T> node)
        {
            Node<T> a = node.A!;
            node.Tape.Backend.Fill(node.Storage, T.Zero);
            node.Tape.Backend.CopyColumns(a.Storage, a.Shape.Columns, 0, node.Storage, node.Shape.Columns, node.I0, a.Shape.Rows, a.Shape.Columns);
        }

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.SliceColumns(node.I0, node.A!.Shape.Columns));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A)?.EmbedColumns(node.I0, node.Shape.Columns);
    }

    internal sealed class ConcatOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ConcatOp<T> Instance = new();

        public override string Name => "concat";

        public override Op<double> InDouble => ConcatOp<double>.Instance;

        public override void Forward(Node<T> node)
        {
            Node<T> a = node.A!;
            Node<T> b = node.B!;
            int columns = node.Shape.Columns;
            node.Tape.Backend.CopyColumns(a.Storage, a.Shape.Columns, 0, node.Storage, columns, 0, node.Shape.Rows, a.Shape.Columns);
            node.Tape.Backend.CopyColumns(b.Storage, b.Shape.Columns, 0, node.Storage, columns, a.Shape.Columns, node.Shape.Rows, b.Shape.Columns);
        }

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            int split = node.A!.Shape.Columns;
            if (node.A.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient.SliceColumns(0, split));
            }

            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, outputGradient.SliceColumns(split, node.B.Shape.Columns));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tape<T> tape = node.Tape;
            Tensor<T>? ta = tape.TangentOf(node.A);
            Tensor<T>? tb = tape.TangentOf(node.B);
            if (ta is null && tb is null)
            {
                return null;
            }

            return (ta ?? tape.Zeros(node.A!.Shape)).ConcatColumns(tb ?? tape.Zeros(node.B!.Shape));
        }
    }
}
