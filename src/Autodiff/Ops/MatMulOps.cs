using Kernel.Kernels;

namespace Kernel.Autodiff.Ops;

/// <summary>Matrix product op(A) op(B) with optional transposes, on the packed GEMM kernel.</summary>
public static class MatMulOps
{
    /// <summary>
    /// op(a) * op(b) with the shapes of torch.matmul, where op transposes when asked: op(a) is m x k and op(b) is k x n.
    /// A vector a is a row (1 x k) and a vector b a column (k x 1), before op; the added dimension is dropped from the
    /// result, so matrix x vector gives a vector of m, vector x matrix a vector of n and vector x vector a scalar.
    /// For a linear layer, <c>x.MatMul(w, transposeB: true)</c> multiplies a batch by a weight stored out x in.
    /// </summary>
    public static Tensor<T> MatMul<T>(this Tensor<T> a, Tensor<T> b, bool transposeA = false, bool transposeB = false, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> left, Node<T> right) = OpGuard.Two("matmul", a, b, label);
        if (left.Shape.Rank == 0 || right.Shape.Rank == 0)
        {
            throw new ArgumentException($"{OpGuard.Name("matmul", label)}: {(left.Shape.Rank == 0 ? left : right).Describe()} is a scalar; use MultiplyScalar or BroadcastScalar.");
        }

        bool rowVector = left.Shape.Rank == 1;
        bool columnVector = right.Shape.Rank == 1;
        Shape leftMatrix = rowVector ? Shape.Matrix(1, left.Shape.Length) : left.Shape;
        Shape rightMatrix = columnVector ? Shape.Matrix(right.Shape.Length, 1) : right.Shape;
        int m = transposeA ? leftMatrix.Columns : leftMatrix.Rows;
        int k = transposeA ? leftMatrix.Rows : leftMatrix.Columns;
        int kRight = transposeB ? rightMatrix.Columns : rightMatrix.Rows;
        int n = transposeB ? rightMatrix.Rows : rightMatrix.Columns;
        if (k != kRight)
        {
            throw new ArgumentException(
                $"{OpGuard.Name("matmul", label)}: inner dimensions differ: op(a) of {left.Describe()}{(transposeA ? "^T" : "")} has {k} columns, op(b) of {right.Describe()}{(transposeB ? "^T" : "")} has {kRight} rows.");
        }

        if (!rowVector && !columnVector)
        {
            return left.Tape.Record(MatMulOp<T>.Instance, Shape.Matrix(m, n), left, right, i0: transposeA ? 1 : 0, i1: transposeB ? 1 : 0, label: label);
        }

        // Vectors take part as matrix views; the result drops the dimensions they added (torch.matmul).
        Node<T> leftView = rowVector ? a.Reshape(leftMatrix).Node : left;
        Node<T> rightView = columnVector ? b.Reshape(rightMatrix).Node : right;
        Tensor<T> product = left.Tape.Record(MatMulOp<T>.Instance, Shape.Matrix(m, n), leftView, rightView, i0: transposeA ? 1 : 0, i1: transposeB ? 1 : 0);
        Shape shape = (rowVector && !transposeA, columnVector && !transposeB) switch
        {
            (true, true) => Shape.Scalar,
            (true, false) => Shape.Vector(n),
            (false, true) => Shape.Vector(m),
            _ => Shape.Matrix(m, n),
        };
        return product.Reshape(shape, label);
    }

    internal sealed class MatMulOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly MatMulOp<T> Instance = new();

        public override string Name => "matmul";

        public override Op<double> InDouble => MatMulOp<double>.Instance;

        public override void Forward(Node<T> node)
        {
            Node<T> a = node.A!;
            bool transposeA = node.I0 != 0;
            int k = transposeA ? a.Shape.Rows : a.Shape.Columns;
            node.Tape.Backend.Gemm(
                transposeA ? Transpose.Transposed : Transpose.None,
                node.I1 != 0 ? Transpose.Transposed : Transpose.None,
                node.Shape.Rows,
                node.Shape.Columns,
                k,
                T.One,
                a.Storage,
                node.B!.Storage,
                T.Zero,
                node.Storage);
        }

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            Node<T> aNode = node.A!;
            Node<T> bNode = node.B!;
            var a = new Tensor<T>(aNode);
            var b = new Tensor<T>(bNode);
            bool transposeA = node.I0 != 0;
            bool transposeB = node.I1 != 0;
            Tensor<T> g = outputGradient;
            if (aNode.RequiresGrad)
            {
                // C = op(A) op(B): dA = g op(B)^T, or its transpose op(B) g^T when A was used transposed.
                Tensor<T> gradientA = transposeA ? b.MatMul(g, transposeB, true) : g.MatMul(b, false, !transposeB);
                node.Tape.AccumulateGradient(aNode, gradientA);
            }

            if (bNode.RequiresGrad)
            {
                Tensor<T> gradientB = transposeB ? g.MatMul(a, true, transposeA) : a.MatMul(g, !transposeA, false);
                node.Tape.AccumulateGradient(bNode, gradientB);
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            var a = new Tensor<T>(node.A!);
            var b = new Tensor<T>(node.B!);
            bool transposeA = node.I0 != 0;
            bool transposeB = node.I1 != 0;
            Tensor<T>? viaA = node.Tape.TangentOf(node.A)?.MatMul(b, transposeA, transposeB);
            Tensor<T>? viaB = node.Tape.TangentOf(node.B) is { } tb ? a.MatMul(tb, transposeA, transposeB) : null;
            return Tangents.Sum(viaA, viaB);
        }
    }
}
