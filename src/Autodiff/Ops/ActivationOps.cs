using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Ops;

/// <summary>
/// Activations: tanh, sigmoid, softplus, ReLU, SiLU. The backward rules of tanh, sigmoid, ReLU and SiLU are
/// fused derivative ops (one kernel each) that are themselves differentiable, so double backward works
/// without paying extra ops in the ordinary backward pass. Every derivative is computed from the input x in a form
/// that stays accurate in fp16 and fp32 (sech^2 x, sigmoid(x) sigmoid(-x), softplus' = sigmoid), never from a rounded
/// output (1 - y^2 and y (1 - y) are 0 once y rounds to 1).
/// <para>
/// Accuracy (tests/Kernel.Autodiff.Tests/UlpSweepTests sweeps every fp16 value and a fixed 1/4096 sample of fp32 against
/// fp64, counting ulps where the fp64 value is a normal number of the format), value / derivative:
/// tanh fp32 2 / 4 (its float kernels trade ulps for speed: they stay in float, on the hot path of every tanh network),
/// fp16 1 / 1; sigmoid, softplus and silu 1 / 1 in both,
/// as their fp32 and fp16 kernels compute in double and round once; relu exact (exp and log: ExponentialOps).
/// </para>
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
            => node.Tape.AccumulateGradient(node.A, Derivative(TanhGradOp<T>.Instance, new Tensor<T>(node.A!), outputGradient));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A) is { } t ? Derivative(TanhGradOp<T>.Instance, new Tensor<T>(node.A!), t) : null;
    }

    /// <summary>(x, g) -> g * sech^2(x): d/dx = -2 g tanh(x) sech^2(x), d/dg = sech^2(x).</summary>
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
            var x = new Tensor<T>(node.A!);
            var g = new Tensor<T>(node.B!);
            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, SecondOrder(x, outputGradient.Multiply(g)));
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
            Tensor<T>? viaX = node.Tape.TangentOf(node.A) is { } tx ? SecondOrder(x, tx.Multiply(g)) : null;
            Tensor<T>? viaG = node.Tape.TangentOf(node.B) is { } tg ? Derivative(Instance, x, tg) : null;
            return Tangents.Sum(viaX, viaG);
        }

        /// <summary>h * tanh''(x) = h * (-2 tanh(x)) * sech^2(x), with sech^2 from the fused op.</summary>
        private static Tensor<T> SecondOrder(Tensor<T> x, Tensor<T> h) => Derivative(Instance, x, h.Multiply(x.Tanh()).MultiplyScalar(MinusTwo));
    }

    internal sealed class SigmoidOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SigmoidOp<T> Instance = new();

        public override string Name => "sigmoid";

        public override Op<double> InDouble => SigmoidOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Sigmoid, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, Derivative(SigmoidGradOp<T>.Instance, new Tensor<T>(node.A!), outputGradient));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => node.Tape.TangentOf(node.A) is { } t ? Derivative(SigmoidGradOp<T>.Instance, new Tensor<T>(node.A!), t) : null;
    }

    /// <summary>
    /// (x, g) -> g * sigmoid(x) sigmoid(-x): d/dg = sigmoid'(x), d/dx = g sigmoid''(x) = g sigmoid'(x) (sigmoid(-x) - sigmoid(x))
    /// = g sigmoid'(x) (-tanh(x / 2)), the last form without cancellation.
    /// </summary>
    internal sealed class SigmoidGradOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SigmoidGradOp<T> Instance = new();
        private static readonly T MinusHalf = T.CreateTruncating(-0.5);

        public override string Name => "sigmoid_backward";

        public override Op<double> InDouble => SigmoidGradOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Binary(BinaryKernel.SigmoidBackward, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            var x = new Tensor<T>(node.A!);
            var g = new Tensor<T>(node.B!);
            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, SecondOrder(x, outputGradient.Multiply(g)));
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
            Tensor<T>? viaX = node.Tape.TangentOf(node.A) is { } tx ? SecondOrder(x, tx.Multiply(g)) : null;
            Tensor<T>? viaG = node.Tape.TangentOf(node.B) is { } tg ? Derivative(Instance, x, tg) : null;
            return Tangents.Sum(viaX, viaG);
        }

        /// <summary>h * sigmoid''(x) = sigmoid'(x) * (h * -tanh(x / 2)), with sigmoid' from the fused op.</summary>
        private static Tensor<T> SecondOrder(Tensor<T> x, Tensor<T> h) => Derivative(Instance, x, h.Multiply(x.MultiplyScalar(MinusHalf).Tanh()));
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
