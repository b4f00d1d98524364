using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

// The float/double kernels behind Elementwise: TensorPrimitives where it has the operation, lane ops otherwise.

internal readonly struct AddKernel : IBinarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Add(x, y, destination);
}

internal readonly struct SubtractKernel : IBinarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Subtract(x, y, destination);
}

internal readonly struct MultiplyKernel : IBinarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Multiply(x, y, destination);
}

internal readonly struct DivideKernel : IBinarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Divide(x, y, destination);
}

internal readonly struct MinKernel : IBinarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Min(x, y, destination);
}

internal readonly struct MaxKernel : IBinarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Max(x, y, destination);
}

internal readonly struct AddScalarKernel(LaneScalar scalar) : IUnarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Add(x, scalar.As<T>(), destination);
}

internal readonly struct MultiplyScalarKernel(LaneScalar scalar) : IUnarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Multiply(x, scalar.As<T>(), destination);
}

internal readonly struct MultiplyScalarAddKernel(LaneScalar scalar) : IBinarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.MultiplyAdd(x, scalar.As<T>(), y, destination);
}

internal readonly struct PowScalarKernel(LaneScalar exponent) : IUnarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Pow(x, exponent.As<T>(), destination);
}

internal readonly struct FusedMultiplyAddKernel : ITernarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.FusedMultiplyAdd(x, y, z, destination);
}

internal readonly struct NegateKernel : IUnarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Negate(x, destination);
}

internal readonly struct AbsKernel : IUnarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Abs(x, destination);
}

internal readonly struct ExpOp : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => LaneMath.Exp(x);
}

internal readonly struct LogOp : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => LaneMath.Log(x);
}

internal readonly struct TanhOp : IWideUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => LaneMath.Tanh(x);

    public Vector512<float> Invoke(Vector512<float> x) => WideLaneMath.Tanh(x);
}

internal readonly struct SquareKernel : IUnarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Multiply(x, x, destination);
}

internal readonly struct SqrtKernel : IUnarySpanKernel
{
    public void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Sqrt(x, destination);
}

internal readonly struct SigmoidOp : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        return LaneMath.Sigmoid(x);
    }
}

internal readonly struct SoftplusOp : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        return LaneMath.Softplus(x);
    }
}

internal readonly struct ReluOp : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector<T> keep = Vector.GreaterThan(x, Vector<T>.Zero) | Vector.IsNaN(x);
        return Vector.ConditionalSelect(keep, x, Vector<T>.Zero);
    }
}

internal readonly struct SiluOp : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector<T> negativeZero = Vector.Create(T.NegativeZero);
        return Vector.ConditionalSelect(Vector.IsNegativeInfinity(x), negativeZero, LaneMath.Silu(x));
    }
}

internal readonly struct ClampOp(LaneScalar min, LaneScalar max) : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector<T> lo = Vector.Create(min.As<T>());
        Vector<T> hi = Vector.Create(max.As<T>());
        Vector<T> upper = Vector.ConditionalSelect(Vector.GreaterThan(x, hi), hi, x);
        return Vector.ConditionalSelect(Vector.LessThan(x, lo), lo, upper);
    }
}

internal readonly struct SelectOp : ITernaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> condition, Vector<T> whenTrue, Vector<T> whenFalse)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.Equals(condition, Vector<T>.Zero), whenFalse, whenTrue);
}

internal readonly struct TanhBackwardOp : IWideBinaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> input, Vector<T> outputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => LaneMath.TanhDerivativeTimes(input, outputGradient);

    public Vector512<float> Invoke(Vector512<float> input, Vector512<float> outputGradient)
        => outputGradient * WideLaneMath.SechSquared(input);
}

internal readonly struct SigmoidBackwardOp : IBinaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> input, Vector<T> outputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => LaneMath.SigmoidDerivativeTimes(input, outputGradient);
}

internal readonly struct ReluBackwardOp : IBinaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> input, Vector<T> outputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(input, Vector<T>.Zero), outputGradient, Vector<T>.Zero);
}

internal readonly struct SiluBackwardOp : IBinaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> input, Vector<T> outputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => LaneMath.SiluDerivativeTimes(input, outputGradient);
}

internal readonly struct SiluSecondDerivativeOp : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // s(1-s)(2 + x(1-2s)) with e = exp(-|x|): s(1-s) = e/(1+e)^2 and x(1-2s) = -|x|(1-e)/(1+e).
        Vector<T> one = Vector<T>.One;
        Vector<T> e = LaneMath.Exp(-Vector.Abs(x));
        Vector<T> d = one + e;
        Vector<T> curvature = e / (d * d);
        Vector<T> bracket = Vector.Create(T.CreateTruncating(2)) - Vector.Abs(x) * ((one - e) / d);
        return Vector.ConditionalSelect(Vector.IsInfinity(x), Vector<T>.Zero, curvature * bracket);
    }
}

internal readonly struct InRangeMaskOp(LaneScalar min, LaneScalar max) : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector<T> inside = Vector.GreaterThanOrEqual(x, Vector.Create(min.As<T>()))
            & Vector.LessThanOrEqual(x, Vector.Create(max.As<T>()));
        return Vector.ConditionalSelect(inside, Vector<T>.One, Vector<T>.Zero);
    }
}

internal readonly struct GreaterMaskOp : IBinaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x, Vector<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, y), Vector<T>.One, Vector<T>.Zero);
}

internal readonly struct EqualMaskOp : IBinaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x, Vector<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.Equals(x, y), Vector<T>.One, Vector<T>.Zero);
}

internal readonly struct PositiveMaskOp : IUnaryLaneOp
{
    public Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);
}
