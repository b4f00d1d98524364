using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Ops;

/// <summary>Powers: x^2, sqrt x, and x^c for a constant c.</summary>
public static class PowerOps
{
    /// <summary>x^2.</summary>
    public static Tensor<T> Square<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        return a.Tape.Record(SquareOp<T>.Instance, a.Shape, a, label: label);
    }

    /// <summary>sqrt x (NaN below 0; its gradient at 0 is +inf).</summary>
    public static Tensor<T> Sqrt<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        return a.Tape.Record(SqrtOp<T>.Instance, a.Shape, a, label: label);
    }

    /// <summary>x^c for a constant exponent c (as <c>T.Pow</c>: NaN for negative x and non-integer c).</summary>
    public static Tensor<T> Pow<T>(this Tensor<T> x, T exponent, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        if (!T.IsFinite(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, $"{OpGuard.Name("pow", label)}: the exponent must be finite.");
        }

        return a.Tape.Record(PowOp<T>.Instance, a.Shape, a, p0: double.CreateTruncating(exponent), label: label);
    }

    internal sealed class SquareOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SquareOp<T> Instance = new();
        private static readonly T Two = T.CreateTruncating(2);

        public override string Name => "square";

        public override Op<double> InDouble => SquareOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Square, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(new Tensor<T>(node.A!)).MultiplyScalar(Two));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A)?.Multiply(new Tensor<T>(node.A!)).MultiplyScalar(Two);
    }

    internal sealed class SqrtOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SqrtOp<T> Instance = new();
        private static readonly T Half = T.CreateTruncating(0.5);

        public override string Name => "sqrt";

        public override Op<double> InDouble => SqrtOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Sqrt, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.Divide(output).MultiplyScalar(Half));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A)?.Divide(output).MultiplyScalar(Half);
    }

    internal sealed class PowOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly PowOp<T> Instance = new();

        public override string Name => "pow";

        public override Op<double> InDouble => PowOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Scalar(ScalarKernel.Power, node.A!.Storage, T.CreateTruncating(node.P0), node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            if (node.P0 != 0)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(Slope(node)));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.P0 == 0 ? null : node.Tape.TangentOf(node.A)?.Multiply(Slope(node));

        /// <summary>d/dx x^c = c x^(c-1); c = 0 contributes nothing (its slope is 0 even where x^-1 is inf).</summary>
        private static Tensor<T> Slope(Node<T> node)
        {
            T exponent = T.CreateTruncating(node.P0);
            return new Tensor<T>(node.A!).Pow(exponent - T.One).MultiplyScalar(exponent);
        }
    }
}
