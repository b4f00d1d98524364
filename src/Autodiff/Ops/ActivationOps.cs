using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Ops;

/// <summary>
/// Activations: tanh, sigmoid, softplus, ReLU, SiLU. The backward rules of tanh, sigmoid, ReLU and SiLU are
/// fused derivative ops (one kernel each) that are themselves differentiable, so double backward works
/// without paying extra ops in the ordinary backward pass.
/// </summary>
public static class ActivationOps
{
    /// <summary>tanh x.</summary>
    public static Tensor<T> Tanh<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary(TanhOp<T>.Instance, x, label);

    /// <summary>1 / (1 + e^-x), computed without overflow at either end.</summary>
    public static Tensor<T> Sigmoid<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary(SigmoidOp<T>.Instance, x, label);

    /// <summary>ln(1 + e^x) in the stable form max(x, 0) + log1p(e^-|x|).</summary>
    public static Tensor<T> Softplus<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary(SoftplusOp<T>.Instance, x, label);

    /// <summary>max(x, 0); the gradient at 0 is taken as 0.</summary>
    public static Tensor<T> Relu<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary(ReluOp<T>.Instance, x, label);

    /// <summary>x * sigmoid(x) (SiLU, swish).</summary>
    public static Tensor<T> Silu<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary(SiluOp<T>.Instance, x, label);

    private static Tensor<T> Unary<T>(Op<T> op, Tensor<T> x, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        return a.Tape.Record(op, a.Shape, a, label: label);
    }

    /// <summary>A fused derivative op of (first, gradient), e.g. g * (1 - y^2) from the tanh output y.</summary>
    private static Tensor<T> Derivative<T>(Op<T> op, Tensor<T> first, Tensor<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = first.Node;
        return a.Tape.Record(op, a.Shape, a, gradient.Node);
    }

    internal sealed class TanhOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly TanhOp<T> Instance = new();

        public override string Name => "tanh";

        public override Op<double> InDouble => TanhOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Tanh, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, Derivative(TanhGradOp<T>.Instance, output, outputGradient));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A) is { } t ? Derivative(TanhGradOp<T>.Instance, output, t) : null;
    }

    /// <summary>(y, g) -> g * (1 - y^2): d/dy = -2 g y, d/dg = 1 - y^2.</summary>
    internal sealed class TanhGradOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly TanhGradOp<T> Instance = new();
        private static readonly T MinusTwo = T.CreateTruncating(-2);

        public override string Name => "tanh_backward";

        public override Op<double> InDouble => TanhGradOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Binary(BinaryKernel.TanhBackward, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            var y = new Tensor<T>(node.A!);
            var g = new Tensor<T>(node.B!);
            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(g).Multiply(y).MultiplyScalar(MinusTwo));
            }

            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, Derivative(Instance, y, outputGradient));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            var y = new Tensor<T>(node.A!);
            var g = new Tensor<T>(node.B!);
            Tensor<T>? viaY = node.Tape.TangentOf(node.A)?.Multiply(g).Multiply(y).MultiplyScalar(MinusTwo);
            Tensor<T>? viaG = node.Tape.TangentOf(node.B) is { } tg ? Derivative(Instance, y, tg) : null;
            return Tangents.Sum(viaY, viaG);
        }
    }

    internal sealed class SigmoidOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SigmoidOp<T> Instance = new();

        public override string Name => "sigmoid";

        public override Op<double> InDouble => SigmoidOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Sigmoid, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, Derivative(SigmoidGradOp<T>.Instance, output, outputGradient));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A) is { } t ? Derivative(SigmoidGradOp<T>.Instance, output, t) : null;
    }

    /// <summary>(y, g) -> g * y * (1 - y): d/dy = g (1 - 2y), d/dg = y (1 - y).</summary>
    internal sealed class SigmoidGradOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SigmoidGradOp<T> Instance = new();
        private static readonly T MinusTwo = T.CreateTruncating(-2);

        public override string Name => "sigmoid_backward";

        public override Op<double> InDouble => SigmoidGradOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Binary(BinaryKernel.SigmoidBackward, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            var y = new Tensor<T>(node.A!);
            var g = new Tensor<T>(node.B!);
            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(g).Multiply(OneMinusTwice(y)));
            }

            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, Derivative(Instance, y, outputGradient));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            var y = new Tensor<T>(node.A!);
            var g = new Tensor<T>(node.B!);
            Tensor<T>? viaY = node.Tape.TangentOf(node.A)?.Multiply(g).Multiply(OneMinusTwice(y));
            Tensor<T>? viaG = node.Tape.TangentOf(node.B) is { } tg ? Derivative(Instance, y, tg) : null;
            return Tangents.Sum(viaY, viaG);
        }

        private static Tensor<T> OneMinusTwice(Tensor<T> y) => y.MultiplyScalar(MinusTwo).AddScalar(T.One);
    }

    internal sealed class SoftplusOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SoftplusOp<T> Instance = new();

        public override string Name => "softplus";

        public override Op<double> InDouble => SoftplusOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Softplus, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(new Tensor<T>(node.A!).Sigmoid()));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A)?.Multiply(new Tensor<T>(node.A!).Sigmoid());
    }

    internal sealed class ReluOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ReluOp<T> Instance = new();

        public override string Name => "relu";

        public override Op<double> InDouble => ReluOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Relu, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, Derivative(ReluGradOp<T>.Instance, new Tensor<T>(node.A!), outputGradient));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A) is { } t ? Derivative(ReluGradOp<T>.Instance, new Tensor<T>(node.A!), t) : null;
    }

    /// <summary>(x, g) -> x &gt; 0 ? g : 0: linear in g, piecewise constant in x (no gradient to x).</summary>
    internal sealed class ReluGradOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ReluGradOp<T> Instance = new();

        public override string Name => "relu_backward";

        public override Op<double> InDouble => ReluGradOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Binary(BinaryKernel.ReluBackward, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.B, Derivative(Instance, new Tensor<T>(node.A!), outputGradient));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.B) is { } t ? Derivative(Instance, new Tensor<T>(node.A!), t) : null;
    }

    internal sealed class SiluOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SiluOp<T> Instance = new();

        public override string Name => "silu";

        public override Op<double> InDouble => SiluOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Silu, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, Derivative(SiluGradOp<T>.Instance, new Tensor<T>(node.A!), outputGradient));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A) is { } t ? Derivative(SiluGradOp<T>.Instance, new Tensor<T>(node.A!), t) : null;
    }

    /// <summary>(x, g) -> g * silu'(x): d/dg = silu'(x), d/dx = g * silu''(x).</summary>
    internal sealed class SiluGradOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SiluGradOp<T> Instance = new();
        private static readonly T Two = T.CreateTruncating(2);
        private static readonly T MinusTwo = T.CreateTruncating(-2);

        public override string Name => "silu_backward";

        public override Op<double> InDouble => SiluGradOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Binary(BinaryKernel.SiluBackward, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            var x = new Tensor<T>(node.A!);
            var g = new Tensor<T>(node.B!);
            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(g).Multiply(SecondDerivative(x)));
            }

            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, Derivative(Instance, x, outputGradient));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            var x = new Tensor<T>(node.A!);
            var g = new Tensor<T>(node.B!);
            Tensor<T>? viaX = node.Tape.TangentOf(node.A)?.Multiply(g).Multiply(SecondDerivative(x));
            Tensor<T>? viaG = node.Tape.TangentOf(node.B) is { } tg ? Derivative(Instance, x, tg) : null;
            return Tangents.Sum(viaX, viaG);
        }

        /// <summary>silu''(x) = s (1 - s) (2 + x (1 - 2 s)) with s = sigmoid(x), in differentiable ops.</summary>
        private static Tensor<T> SecondDerivative(Tensor<T> x)
        {
            Tensor<T> s = x.Sigmoid();
            Tensor<T> spread = s.Subtract(s.Square());
            Tensor<T> slope = x.Multiply(s.MultiplyScalar(MinusTwo).AddScalar(T.One)).AddScalar(Two);
            return spread.Multiply(slope);
        }
    }
}
