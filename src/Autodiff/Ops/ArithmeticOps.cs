using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Ops;

/// <summary>
/// Elementwise arithmetic: +, -, *, /, negation, constants and fused multiply-add. Each op's forward,
/// backward and forward-mode rules sit side by side.
/// </summary>
public static class ArithmeticOps
{
    /// <summary>x + y, elementwise (equal shapes).</summary>
    public static Tensor<T> Add<T>(this Tensor<T> x, Tensor<T> y, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("add", x, y, label);
        return a.Tape.Record(AddOp<T>.Instance, a.Shape, a, b, label: label);
    }

    /// <summary>x - y, elementwise (equal shapes).</summary>
    public static Tensor<T> Subtract<T>(this Tensor<T> x, Tensor<T> y, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("sub", x, y, label);
        return a.Tape.Record(SubtractOp<T>.Instance, a.Shape, a, b, label: label);
    }

    /// <summary>x * y, elementwise (equal shapes).</summary>
    public static Tensor<T> Multiply<T>(this Tensor<T> x, Tensor<T> y, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("mul", x, y, label);
        return a.Tape.Record(MultiplyOp<T>.Instance, a.Shape, a, b, label: label);
    }

    /// <summary>x / y, elementwise (equal shapes). Division by zero gives ±inf or NaN, as IEEE says.</summary>
    public static Tensor<T> Divide<T>(this Tensor<T> x, Tensor<T> y, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("div", x, y, label);
        return a.Tape.Record(DivideOp<T>.Instance, a.Shape, a, b, label: label);
    }

    /// <summary>-x.</summary>
    public static Tensor<T> Negate<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        return a.Tape.Record(NegateOp<T>.Instance, a.Shape, a, label: label);
    }

    /// <summary>x + c for a constant c.</summary>
    public static Tensor<T> AddScalar<T>(this Tensor<T> x, T constant, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        return a.Tape.Record(AddScalarOp<T>.Instance, a.Shape, a, p0: double.CreateTruncating(constant), label: label);
    }

    /// <summary>x * c for a constant c.</summary>
    public static Tensor<T> MultiplyScalar<T>(this Tensor<T> x, T constant, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        return a.Tape.Record(MultiplyScalarOp<T>.Instance, a.Shape, a, p0: double.CreateTruncating(constant), label: label);
    }

    /// <summary>x * y + z, elementwise in one op (in fp16, one rounding).</summary>
    public static Tensor<T> FusedMultiplyAdd<T>(this Tensor<T> x, Tensor<T> y, Tensor<T> z, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("fma", x, y, label);
        (_, Node<T> c) = OpGuard.SameShape("fma", x, z, label);
        return a.Tape.Record(FusedMultiplyAddOp<T>.Instance, a.Shape, a, b, c, label: label);
    }

    internal static T Constant<T>(Node<T> node)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => T.CreateTruncating(node.P0);

    internal sealed class AddOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly AddOp<T> Instance = new();

        public override string Name => "add";

        public override Op<double> InDouble => AddOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Binary(BinaryKernel.Add, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            node.Tape.AccumulateGradient(node.A, outputGradient);
            node.Tape.AccumulateGradient(node.B, outputGradient);
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
            => Tangents.Sum(node.Tape.TangentOf(node.A), node.Tape.TangentOf(node.B));
    }

    internal sealed class SubtractOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly SubtractOp<T> Instance = new();

        public override string Name => "sub";

        public override Op<double> InDouble => SubtractOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Binary(BinaryKernel.Subtract, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            node.Tape.AccumulateGradient(node.A, outputGradient);
            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, outputGradient.Negate());
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tensor<T>? ta = node.Tape.TangentOf(node.A);
            Tensor<T>? tb = node.Tape.TangentOf(node.B);
            if (ta is { } a)
            {
                return tb is { } b ? a.Subtract(b) : a;
            }

            return tb?.Negate();
        }
    }

    internal sealed class MultiplyOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly MultiplyOp<T> Instance = new();

        public override string Name => "mul";

        public override Op<double> InDouble => MultiplyOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Binary(BinaryKernel.Multiply, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(new Tensor<T>(node.B!)));
            }

            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, outputGradient.Multiply(new Tensor<T>(node.A)));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tensor<T>? ta = node.Tape.TangentOf(node.A);
            Tensor<T>? tb = node.Tape.TangentOf(node.B);
            return Tangents.Sum(ta?.Multiply(new Tensor<T>(node.B!)), tb?.Multiply(new Tensor<T>(node.A!)));
        }
    }

    internal sealed class DivideOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly DivideOp<T> Instance = new();

        public override string Name => "div";

        public override Op<double> InDouble => DivideOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Binary(BinaryKernel.Divide, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            var divisor = new Tensor<T>(node.B!);
            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient.Divide(divisor));
            }

            if (node.B!.RequiresGrad)
            {
                // d(a/b)/db = -(a/b)/b, written with the output so no a/b^2 overflow appears that the forward did not have.
                node.Tape.AccumulateGradient(node.B, outputGradient.Multiply(output).Divide(divisor).Negate());
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tensor<T>? ta = node.Tape.TangentOf(node.A);
            Tensor<T>? tb = node.Tape.TangentOf(node.B);
            var divisor = new Tensor<T>(node.B!);
            if (tb is { } b)
            {
                Tensor<T> scaled = output.Multiply(b);
                Tensor<T> numerator = ta is { } a ? a.Subtract(scaled) : scaled.Negate();
                return numerator.Divide(divisor);
            }

            return ta?.Divide(divisor);
        }
    }

    internal sealed class NegateOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly NegateOp<T> Instance = new();

        public override string Name => "neg";

        public override Op<double> InDouble => NegateOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Negate, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.Negate());

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output) => node.Tape.TangentOf(node.A)?.Negate();
    }

    internal sealed class AddScalarOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly AddScalarOp<T> Instance = new();

        public override string Name => "add_scalar";

        public override Op<double> InDouble => AddScalarOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Scalar(ScalarKernel.Add, node.A!.Storage, Constant(node), node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient);

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output) => node.Tape.TangentOf(node.A);
    }

    internal sealed class MultiplyScalarOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly MultiplyScalarOp<T> Instance = new();

        public override string Name => "mul_scalar";

        public override Op<double> InDouble => MultiplyScalarOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Scalar(ScalarKernel.Multiply, node.A!.Storage, Constant(node), node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.MultiplyScalar(Constant(node)));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output) => node.Tape.TangentOf(node.A)?.MultiplyScalar(Constant(node));
    }

    internal sealed class FusedMultiplyAddOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly FusedMultiplyAddOp<T> Instance = new();

        public override string Name => "fma";

        public override Op<double> InDouble => FusedMultiplyAddOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.FusedMultiplyAdd(node.A!.Storage, node.B!.Storage, node.C!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            if (node.A!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(new Tensor<T>(node.B!)));
            }

            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, outputGradient.Multiply(new Tensor<T>(node.A)));
            }

            node.Tape.AccumulateGradient(node.C, outputGradient);
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tape<T> tape = node.Tape;
            Tensor<T>? viaA = tape.TangentOf(node.A)?.Multiply(new Tensor<T>(node.B!));
            Tensor<T>? viaB = tape.TangentOf(node.B)?.Multiply(new Tensor<T>(node.A!));
            return Tangents.Sum(Tangents.Sum(viaA, viaB), tape.TangentOf(node.C));
        }
    }
}
