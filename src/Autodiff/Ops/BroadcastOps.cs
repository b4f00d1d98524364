using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Ops;

/// <summary>
/// Broadcasting: a row vector combined with every row of a batch, and the expansions of a scalar, a row or a
/// column to a matrix. Their backward rules are the matching sums, and vice versa.
/// </summary>
public static class BroadcastOps
{
    /// <summary>x[r, j] + row[j] for a batch x (rows x columns) and a row of columns elements (bias add).</summary>
    public static Tensor<T> AddRow<T>(this Tensor<T> x, Tensor<T> row, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => RowOp(RowBroadcastOp<T>.Add, "add_row", x, row, label);

    /// <summary>x[r, j] * row[j] for a batch x (rows x columns) and a row of columns elements.</summary>
    public static Tensor<T> MultiplyRow<T>(this Tensor<T> x, Tensor<T> row, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => RowOp(RowBroadcastOp<T>.Multiply, "mul_row", x, row, label);

    /// <summary>A <paramref name="rows"/> x n matrix whose every row is the vector <paramref name="row"/> (n elements).</summary>
    public static Tensor<T> BroadcastRow<T>(this Tensor<T> row, int rows, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = row.Node;
        CheckCount("broadcast_row", nameof(rows), rows, label);
        CheckVector("broadcast_row", a, label);
        return a.Tape.Record(BroadcastRowOp<T>.Instance, Shape.Matrix(rows, a.Shape.Length), a, i0: rows, label: label);
    }

    /// <summary>An n x <paramref name="columns"/> matrix whose row i is filled with column[i] (n elements).</summary>
    public static Tensor<T> BroadcastColumn<T>(this Tensor<T> column, int columns, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = column.Node;
        CheckCount("broadcast_column", nameof(columns), columns, label);
        CheckVector("broadcast_column", a, label);
        return a.Tape.Record(BroadcastColumnOp<T>.Instance, Shape.Matrix(a.Shape.Length, columns), a, i0: columns, label: label);
    }

    /// <summary>A tensor of <paramref name="shape"/> with every element equal to the one-element <paramref name="scalar"/>.</summary>
    public static Tensor<T> BroadcastScalar<T>(this Tensor<T> scalar, Shape shape, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = scalar.Node;
        if (a.Shape.Length != 1)
        {
            throw new ArgumentException($"{OpGuard.Name("broadcast_scalar", label)}: needs a one-element tensor; got {a.Describe()}.", nameof(scalar));
        }

        return a.Tape.Record(BroadcastScalarOp<T>.Instance, shape, a, label: label);
    }

    private static Tensor<T> RowOp<T>(RowBroadcastOp<T> op, string name, Tensor<T> x, Tensor<T> row, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.Two(name, x, row, label);
        if (b.Shape.Rank > 1 && b.Shape.Rows != 1)
        {
            throw new ArgumentException($"{OpGuard.Name(name, label)}: the row must be a vector or a 1 x n matrix; got {b.Describe()} for {a.Describe()}.", nameof(row));
        }

        if (b.Shape.Length != a.Shape.Columns)
        {
            throw new ArgumentException($"{OpGuard.Name(name, label)}: the row has {b.Shape.Length} elements but {a.Describe()} has {a.Shape.Columns} columns.", nameof(row));
        }

        return a.Tape.Record(op, a.Shape, a, b, label: label);
    }

    private static void CheckCount(string op, string parameter, int value, string? label)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"{OpGuard.Name(op, label)}: {parameter} must be >= 0.");
        }
    }

    private static void CheckVector<T>(string op, Node<T> node, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (node.Shape.Rank == 2 && node.Shape.Rows != 1 && node.Shape.Columns != 1)
        {
            throw new ArgumentException($"{OpGuard.Name(op, label)}: needs a vector; got {node.Describe()}.");
        }
    }

    /// <summary>A gradient or tangent reshaped to a node's own shape (a row may be a vector or 1 x n).</summary>
    private static Tensor<T> As<T>(Tensor<T> value, Node<T> like)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => value.Shape == like.Shape ? value : value.Reshape(like.Shape);

    internal sealed class RowBroadcastOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly RowBroadcastOp<T> Add = new(RowKernel.Add);
        public static readonly RowBroadcastOp<T> Multiply = new(RowKernel.Multiply);
        private readonly RowKernel kernel;

        private RowBroadcastOp(RowKernel kernel) => this.kernel = kernel;

        public override string Name => kernel == RowKernel.Add ? "add_row" : "mul_row";

        public override Op<double> InDouble => kernel == RowKernel.Add ? RowBroadcastOp<double>.Add : RowBroadcastOp<double>.Multiply;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Row(kernel, node.A!.Storage, node.Shape.Rows, node.Shape.Columns, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            var x = new Tensor<T>(node.A!);
            var row = new Tensor<T>(node.B!);
            if (kernel == RowKernel.Add)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient);
                if (node.B!.RequiresGrad)
                {
                    node.Tape.AccumulateGradient(node.B, As(outputGradient.Sum(axis: 0), node.B));
                }

                return;
            }

            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient.MultiplyRow(row));
            }

            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, As(outputGradient.Multiply(x).Sum(axis: 0), node.B));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tensor<T>? tx = node.Tape.TangentOf(node.A);
            Tensor<T>? tr = node.Tape.TangentOf(node.B);
            var x = new Tensor<T>(node.A!);
            var row = new Tensor<T>(node.B!);
            if (kernel == RowKernel.Add)
            {
                if (tr is { } r)
                {
                    return tx is { } t ? t.AddRow(r) : r.Reshape(Shape.Vector(r.Length)).BroadcastRow(node.Shape.Rows).Reshape(node.Shape);
                }

                return tx;
            }

            return Tangents.Sum(tx?.MultiplyRow(row), tr is { } tRow ? x.MultiplyRow(tRow) : null);
        }
    }

    internal sealed class BroadcastRowOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly BroadcastRowOp<T> Instance = new();

        public override string Name => "broadcast_row";

        public override Op<double> InDouble => BroadcastRowOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.BroadcastRow(node.A!.Storage, node.I0, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, As(outputGradient.Sum(axis: 0), node.A!));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A)?.BroadcastRow(node.I0);
    }

    internal sealed class BroadcastColumnOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly BroadcastColumnOp<T> Instance = new();

        public override string Name => "broadcast_column";

        public override Op<double> InDouble => BroadcastColumnOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.BroadcastColumn(node.A!.Storage, node.I0, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, As(outputGradient.Sum(axis: 1), node.A!));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A)?.BroadcastColumn(node.I0);
    }

    internal sealed class BroadcastScalarOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly BroadcastScalarOp<T> Instance = new();

        public override string Name => "broadcast_scalar";

        public override Op<double> InDouble => BroadcastScalarOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.BroadcastScalar(node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, As(outputGradient.Sum(), node.A!));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A)?.BroadcastScalar(node.Shape);
    }
}
