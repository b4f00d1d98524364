using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Ops;

/// <summary>
/// exp and log. exp overflows to +inf past ln(max) of the precision (~11.09 fp16, ~88.72 fp32, ~709.78 fp64) on purpose.
/// Accuracy (UlpSweepTests: all of fp16, a fixed sample of fp32, against fp64 where the result is a normal number): value
/// and derivative (exp' = exp, log' = 1 / x) within 1 ulp in fp32 and fp16.
/// </summary>
public static class ExponentialOps
{
    /// <summary>e^x, elementwise.</summary>
    public static Tensor<T> Exp<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        return a.Tape.Record(ExpOp<T>.Instance, a.Shape, a, label: label);
    }

    /// <summary>ln x, elementwise (-inf at 0, NaN below).</summary>
    public static Tensor<T> Log<T>(this Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        return a.Tape.Record(LogOp<T>.Instance, a.Shape, a, label: label);
    }

    internal sealed class ExpOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ExpOp<T> Instance = new();

        public override string Name => "exp";

        public override Op<double> InDouble => ExpOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Exp, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(output));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output) => node.Tape.TangentOf(node.A)?.Multiply(output);
    }

    internal sealed class LogOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly LogOp<T> Instance = new();

        public override string Name => "log";

        public override Op<double> InDouble => LogOp<double>.Instance;

        public override void Forward(Node<T> node) => node.Tape.Backend.Unary(UnaryKernel.Log, node.A!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.Divide(new Tensor<T>(node.A!)));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output) => node.Tape.TangentOf(node.A)?.Divide(new Tensor<T>(node.A!));
    }
}
