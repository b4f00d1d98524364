using Kernel.Kernels;

namespace Kernel.Autodiff.Ops;

/// <summary>Matrix product op(A) op(B) with optional transposes, on the packed GEMM kernel.</summary>
public static class MatMulOps
{
    /// <summary>
    /// op(a) * op(b), where op transposes when asked. op(a) is m x k and op(b) is k x n; a vector counts as one row.
    /// For a linear layer, <c>x.MatMul(w, transposeB: true)</c> multiplies a batch by a weight stored out x in.
    /// </summary>
    public static Tensor<T> MatMul<T>(this Tensor<T> a, Tensor<T> b, bool transposeA = false, bool transposeB = false, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> left, Node<T> right) = OpGuard.Two("matmul", a, b, label);
        int m = transposeA ? left.Shape.Columns : left.Shape.Rows;
        int k = transposeA ? left.Shape.Rows : left.Shape.Columns;
        int kRight = transposeB ? right.Shape.Columns : right.Shape.Rows;
        int n = transposeB ? right.Shape.Rows : right.Shape.Columns;
        if (k != kRight)
        {
            throw new ArgumentException(
                $"{OpGuard.Name("matmul", label)}: inner dimensions differ: op(a) of {left.Describe()}{(transposeA ? "^T" : "")} has {k} columns, op(b) of {right.Describe()}{(transposeB ? "^T" : "")} has {kRight} rows.");
        }

        return left.Tape.Record(MatMulOp<T>.Instance, Shape.Matrix(m, n), left, right, i0: transposeA ? 1 : 0, i1: transposeB ? 1 : 0, label: label);
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
                node.Tape.AccumulateGradient(aNode, Fit(gradientA, aNode));
            }

            if (bNode.RequiresGrad)
            {
                Tensor<T> gradientB = transposeB ? g.MatMul(a, true, transposeA) : a.MatMul(g, !transposeA, false);
                node.Tape.AccumulateGradient(bNode, Fit(gradientB, bNode));
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

        /// <summary>A gradient computed as a matrix, given back in the input's own shape (a vector stays a vector).</summary>
        private static Tensor<T> Fit(Tensor<T> gradient, Node<T> input) => gradient.Shape == input.Shape ? gradient : gradient.Reshape(input.Shape);
    }
}
