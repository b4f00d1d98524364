using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Ops;

/// <summary>
/// Ops that pick between values: clamp, elementwise min/max, where. Their gradients route through 0/1 masks,
/// which are recorded as non-differentiable ops (a mask is piecewise constant).
/// </summary>
public static class SelectionOps
{
    /// <summary>
    /// clamp(x, min, max). The gradient passes where min &lt;= x &lt;= max (bounds included, as PyTorch) and is 0 outside.
    /// </summary>
    public static Tensor<T> Clamp<T>(this Tensor<T> x, T min, T max, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        if (T.IsNaN(min) || T.IsNaN(max) || min > max)
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"{OpGuard.Name("clamp", label)}: needs min <= max and neither NaN; got min = {min}, max = {max}.");
        }

        return a.Tape.Record(ClampOp<T>.Instance, a.Shape, a, p0: double.CreateTruncating(min), p1: double.CreateTruncating(max), label: label);
    }

    /// <summary>
    /// clamp(x, min, max) with tensor bounds of x's shape: min(max(x, min), max), as torch.clamp. The gradient goes to x
    /// where min &lt;= x &lt;= max (bounds included), to min where x &lt; min, to max where x &gt; max, and to max wherever
    /// min &gt; max (the result is max there).
    /// </summary>
    public static Tensor<T> Clamp<T>(this Tensor<T> x, Tensor<T> min, Tensor<T> max, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> lo) = OpGuard.SameShape("clamp", x, min, label);
        (_, Node<T> hi) = OpGuard.SameShape("clamp", x, max, label);
        return a.Tape.Record(ClampTensorOp<T>.Instance, a.Shape, a, lo, hi, label: label);
    }

    /// <summary>max(x, y) elementwise; at ties the gradient goes to y.</summary>
    public static Tensor<T> Maximum<T>(this Tensor<T> x, Tensor<T> y, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("max", x, y, label);
        return a.Tape.Record(ExtremumOp<T>.Maximum, a.Shape, a, b, label: label);
    }

    /// <summary>min(x, y) elementwise; at ties the gradient goes to y.</summary>
    public static Tensor<T> Minimum<T>(this Tensor<T> x, Tensor<T> y, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("min", x, y, label);
        return a.Tape.Record(ExtremumOp<T>.Minimum, a.Shape, a, b, label: label);
    }

    /// <summary>condition != 0 ? whenTrue : whenFalse, elementwise. The condition gets no gradient.</summary>
    public static Tensor<T> Where<T>(this Tensor<T> condition, Tensor<T> whenTrue, Tensor<T> whenFalse, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> c, Node<T> a) = OpGuard.SameShape("where", condition, whenTrue, label);
        (_, Node<T> b) = OpGuard.SameShape("where", condition, whenFalse, label);
        return c.Tape.Record(WhereOp<T>.Instance, c.Shape, c, a, b, label: label);
    }

    /// <summary>1 where x &gt; y, else 0 (not differentiable).</summary>
    public static Tensor<T> GreaterMask<T>(this Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("greater_mask", x, y, null);
        return a.Tape.Record(MaskOp<T>.Greater, a.Shape, a, b);
    }

    /// <summary>1 where x == y, else 0 (not differentiable).</summary>
    public static Tensor<T> EqualMask<T>(this Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = OpGuard.SameShape("equal_mask", x, y, null);
        return a.Tape.Record(MaskOp<T>.Equal, a.Shape, a, b);
    }

    /// <summary>1 where min &lt;= x &lt;= max, else 0 (not differentiable).</summary>
    public static Tensor<T> InRangeMask<T>(this Tensor<T> x, T min, T max)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        return a.Tape.Record(MaskOp<T>.InRange, a.Shape, a, p0: double.CreateTruncating(min), p1: double.CreateTruncating(max));
    }

    internal sealed class ClampOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ClampOp<T> Instance = new();

        public override string Name => "clamp";

        public override Op<double> InDouble => ClampOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Clamp(node.A!.Storage, T.CreateTruncating(node.P0), T.CreateTruncating(node.P1), node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
            => node.Tape.AccumulateGradient(node.A, outputGradient.Multiply(Mask(node)));

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output) => node.Tape.TangentOf(node.A)?.Multiply(Mask(node));

        private static Tensor<T> Mask(Node<T> node)
            => new Tensor<T>(node.A!).InRangeMask(T.CreateTruncating(node.P0), T.CreateTruncating(node.P1));
    }

    /// <summary>clamp(A, B, C) = min(max(A, B), C) elementwise; the masks route the gradient.</summary>
    internal sealed class ClampTensorOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ClampTensorOp<T> Instance = new();

        public override string Name => "clamp_tensor";

        public override Op<double> InDouble => ClampTensorOp<double>.Instance;

        public override void Forward(Node<T> node)
        {
            var backend = node.Tape.Backend;
            backend.Binary(BinaryKernel.Max, node.A!.Storage, node.B!.Storage, node.Storage);
            backend.Binary(BinaryKernel.Min, node.Storage, node.C!.Storage, node.Storage);
        }

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            (Tensor<T> toMin, Tensor<T> toMax) = Routes(node);
            Tensor<T> gradientMin = outputGradient.Multiply(toMin);
            Tensor<T> gradientMax = outputGradient.Multiply(toMax);
            Tape<T> tape = node.Tape;
            tape.AccumulateGradient(node.A, outputGradient.Subtract(gradientMin).Subtract(gradientMax));
            if (node.B!.RequiresGrad)
            {
                tape.AccumulateGradient(node.B, gradientMin);
            }

            if (node.C!.RequiresGrad)
            {
                tape.AccumulateGradient(node.C, gradientMax);
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tape<T> tape = node.Tape;
            Tensor<T>? tx = tape.TangentOf(node.A);
            Tensor<T>? tMin = tape.TangentOf(node.B);
            Tensor<T>? tMax = tape.TangentOf(node.C);
            if (tx is null && tMin is null && tMax is null)
            {
                return null;
            }

            // tx + (tMin - tx) toMin + (tMax - tx) toMax
            (Tensor<T> toMin, Tensor<T> toMax) = Routes(node);
            Tensor<T> x = tx ?? tape.Zeros(node.Shape);
            Tensor<T> viaMin = (tMin ?? tape.Zeros(node.Shape)).Subtract(x).Multiply(toMin);
            Tensor<T> viaMax = (tMax ?? tape.Zeros(node.Shape)).Subtract(x).Multiply(toMax);
            return x.Add(viaMin).Add(viaMax);
        }

        /// <summary>0/1 masks of the elements whose result is the lower bound (x &lt; min &lt;= max) and the upper bound (x &gt; max, or min &gt; max).</summary>
        private static (Tensor<T> ToMin, Tensor<T> ToMax) Routes(Node<T> node)
        {
            var x = new Tensor<T>(node.A!);
            var min = new Tensor<T>(node.B!);
            var max = new Tensor<T>(node.C!);
            Tensor<T> crossed = min.GreaterMask(max);
            Tensor<T> toMax = x.GreaterMask(max).Maximum(crossed);
            Tensor<T> toMin = min.GreaterMask(x).Subtract(min.GreaterMask(x).Multiply(crossed));
            return (toMin, toMax);
        }
    }

    internal sealed class ExtremumOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly ExtremumOp<T> Maximum = new(isMaximum: true);
        public static readonly ExtremumOp<T> Minimum = new(isMaximum: false);
        private readonly bool isMaximum;

        private ExtremumOp(bool isMaximum) => this.isMaximum = isMaximum;

        public override string Name => isMaximum ? "max" : "min";

        public override Op<double> InDouble => isMaximum ? ExtremumOp<double>.Maximum : ExtremumOp<double>.Minimum;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Binary(isMaximum ? BinaryKernel.Max : BinaryKernel.Min, node.A!.Storage, node.B!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            Tensor<T> toFirst = outputGradient.Multiply(FirstWins(node));
            node.Tape.AccumulateGradient(node.A, toFirst);
            if (node.B!.RequiresGrad)
            {
                node.Tape.AccumulateGradient(node.B, outputGradient.Subtract(toFirst));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tensor<T>? ta = node.Tape.TangentOf(node.A);
            Tensor<T>? tb = node.Tape.TangentOf(node.B);
            Tensor<T> first = FirstWins(node);
            if (tb is { } b)
            {
                // tb + (ta - tb) * mask
                Tensor<T> difference = ta is { } a ? a.Subtract(b) : b.Negate();
                return b.Add(difference.Multiply(first));
            }

            return ta?.Multiply(first);
        }

        /// <summary>1 where the first input strictly wins.</summary>
        private Tensor<T> FirstWins(Node<T> node)
        {
            var a = new Tensor<T>(node.A!);
            var b = new Tensor<T>(node.B!);
            return isMaximum ? a.GreaterMask(b) : b.GreaterMask(a);
        }
    }

    internal sealed class WhereOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly WhereOp<T> Instance = new();

        public override string Name => "where";

        public override Op<double> InDouble => WhereOp<double>.Instance;

        public override void Forward(Node<T> node)
            => node.Tape.Backend.Select(node.A!.Storage, node.B!.Storage, node.C!.Storage, node.Storage);

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
            var condition = new Tensor<T>(node.A!);
            Tape<T> tape = node.Tape;
            if (node.B!.RequiresGrad)
            {
                tape.AccumulateGradient(node.B, condition.Where(outputGradient, tape.Zeros(node.Shape)));
            }

            if (node.C!.RequiresGrad)
            {
                tape.AccumulateGradient(node.C, condition.Where(tape.Zeros(node.Shape), outputGradient));
            }
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output)
        {
            Tape<T> tape = node.Tape;
            Tensor<T>? ta = tape.TangentOf(node.B);
            Tensor<T>? tb = tape.TangentOf(node.C);
            if (ta is null && tb is null)
            {
                return null;
            }

            return new Tensor<T>(node.A!).Where(ta ?? tape.Zeros(node.Shape), tb ?? tape.Zeros(node.Shape));
        }
    }

    /// <summary>0/1 masks; piecewise constant, so they carry no gradient and no tangent.</summary>
    internal sealed class MaskOp<T> : Op<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly MaskOp<T> Greater = new("greater_mask");
        public static readonly MaskOp<T> Equal = new("equal_mask");
        public static readonly MaskOp<T> InRange = new("in_range_mask");

        private MaskOp(string name) => Name = name;

        public override string Name { get; }

        public override bool IsDifferentiable => false;

        public override Op<double> InDouble => Name switch
        {
            "greater_mask" => MaskOp<double>.Greater,
            "equal_mask" => MaskOp<double>.Equal,
            _ => MaskOp<double>.InRange,
        };

        public override void Forward(Node<T> node)
        {
            var backend = node.Tape.Backend;
            if (ReferenceEquals(this, InRange))
            {
                backend.InRangeMask(node.A!.Storage, T.CreateTruncating(node.P0), T.CreateTruncating(node.P1), node.Storage);
            }
            else
            {
                backend.Binary(ReferenceEquals(this, Greater) ? BinaryKernel.GreaterMask : BinaryKernel.EqualMask, node.A!.Storage, node.B!.Storage, node.Storage);
            }
        }

        public override void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient)
        {
        }

        public override Tensor<T>? Jvp(Node<T> node, Tensor<T> output) => null;
    }
}
