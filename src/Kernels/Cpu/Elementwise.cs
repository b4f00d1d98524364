using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Element-wise kernels over contiguous spans of <see cref="Half"/>, <see cref="float"/> or <see cref="double"/>.
/// float and double run SIMD code; Half is computed in float and rounded once to Half per element.
/// The destination must have the inputs' length and may alias an input exactly (in-place); a partial overlap is
/// rejected. Length mismatches throw <see cref="ArgumentException"/>. Nothing is allocated on the managed heap.
/// IEEE semantics apply unless stated: NaN propagates, overflow gives ±infinity (never clamped).
/// Stateless and thread-safe.
/// </summary>
public static class Elementwise
{
    /// <summary>destination[i] = x[i] + y[i].</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        RunBinary(x, y, destination, default(AddKernel));
    }

    /// <summary>destination[i] = x[i] - y[i].</summary>
    /// <param name="x">Minuend.</param>
    /// <param name="y">Subtrahend.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void Subtract<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        RunBinary(x, y, destination, default(SubtractKernel));
    }

    /// <summary>destination[i] = x[i] * y[i].</summary>
    /// <param name="x">First factor.</param>
    /// <param name="y">Second factor.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        RunBinary(x, y, destination, default(MultiplyKernel));
    }

    /// <summary>destination[i] = x[i] / y[i] (IEEE: x/0 is ±infinity, 0/0 is NaN).</summary>
    /// <param name="x">Dividend.</param>
    /// <param name="y">Divisor.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void Divide<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        RunBinary(x, y, destination, default(DivideKernel));
    }

    /// <summary>destination[i] = min(x[i], y[i]) (IEEE 754:2019 minimum: NaN propagates, -0 &lt; +0).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void Min<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        RunBinary(x, y, destination, default(MinKernel));
    }

    /// <summary>destination[i] = max(x[i], y[i]) (IEEE 754:2019 maximum: NaN propagates, +0 &gt; -0).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void Max<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        RunBinary(x, y, destination, default(MaxKernel));
    }

    /// <summary>destination[i] = x[i] + scalar.</summary>
    /// <param name="x">Operand.</param>
    /// <param name="scalar">Value added to every element.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void AddScalar<T>(ReadOnlySpan<T> x, T scalar, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new AddScalarKernel(LaneScalar.From(scalar)));
    }

    /// <summary>destination[i] = x[i] * scalar.</summary>
    /// <param name="x">Operand.</param>
    /// <param name="scalar">Factor applied to every element.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void MultiplyScalar<T>(ReadOnlySpan<T> x, T scalar, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new MultiplyScalarKernel(LaneScalar.From(scalar)));
    }

    /// <summary>
    /// destination[i] = scalar * x[i] + addend[i] (BLAS axpy when the destination is the addend): the update of
    /// conjugate gradient and of line searches on flat parameter vectors. float and double round as
    /// TensorPrimitives.MultiplyAdd does (the product, then the sum); Half computes in float and rounds once to Half.
    /// </summary>
    /// <param name="x">The scaled operand.</param>
    /// <param name="scalar">Factor applied to every element of <paramref name="x"/>.</param>
    /// <param name="addend">Added to the product.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/> or <paramref name="addend"/>.</param>
    public static void MultiplyScalarAdd<T>(ReadOnlySpan<T> x, T scalar, ReadOnlySpan<T> addend, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, addend, destination);
        RunBinary(x, addend, destination, new MultiplyScalarAddKernel(LaneScalar.From(scalar)));
    }

    /// <summary>
    /// destination[i] = x[i] * y[i] + addend[i], fused (one rounding) for float and double; Half computes the fused
    /// result in float and rounds it to Half.
    /// </summary>
    /// <param name="x">First factor.</param>
    /// <param name="y">Second factor.</param>
    /// <param name="addend">Added to the product.</param>
    /// <param name="destination">Result; may alias any input.</param>
    public static void FusedMultiplyAdd<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> addend, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTernary(x, y, addend, destination);
        RunTernary(x, y, addend, destination, default(FusedMultiplyAddKernel));
    }

    /// <summary>destination[i] = -x[i] (flips the sign of zeros and NaNs too).</summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Negate<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, default(NegateKernel));
    }

    /// <summary>destination[i] = |x[i]| (Abs(-0) = +0, Abs(-inf) = +inf).</summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Abs<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, default(AbsKernel));
    }

    /// <summary>
    /// destination[i] = e^x[i]. Overflows to +inf above about 11.09 (Half), 88.72 (float), 709.78 (double);
    /// Exp(-inf) = 0, Exp(+inf) = +inf.
    /// </summary>
    /// <param name="x">Exponent.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new LaneUnary<ExpOp>(default));
    }

    /// <summary>destination[i] = ln x[i]: Log(±0) = -inf, Log(x &lt; 0) = NaN, Log(+inf) = +inf.</summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Log<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new LaneUnary<LogOp>(default));
    }

    /// <summary>destination[i] = tanh x[i] (Tanh(±inf) = ±1, Tanh(-0) = -0).</summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new WideLaneUnary<TanhOp>(default));
    }

    /// <summary>
    /// destination[i] = 1 / (1 + e^-x[i]), computed stably from e^-|x| (never overflows): Sigmoid(-inf) = 0,
    /// Sigmoid(+inf) = 1, Sigmoid(-1000) = 0, Sigmoid(1000) = 1, NaN gives NaN.
    /// </summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new LaneUnary<SigmoidOp>(default));
    }

    /// <summary>
    /// destination[i] = ln(1 + e^x[i]) in the stable form max(x, 0) + log1p(e^-|x|): Softplus(+inf) = +inf,
    /// Softplus(-inf) = 0, large x gives x, NaN gives NaN.
    /// </summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Softplus<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new LaneUnary<SoftplusOp>(default));
    }

    /// <summary>destination[i] = x[i] &gt; 0 ? x[i] : 0; Relu(NaN) = NaN, Relu(-0) = +0.</summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new LaneUnary<ReluOp>(default));
    }

    /// <summary>
    /// destination[i] = x[i] * sigmoid(x[i]) with the stable sigmoid: Silu(+inf) = +inf, Silu(-inf) = -0 (the
    /// limit), NaN gives NaN.
    /// </summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Silu<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new LaneUnary<SiluOp>(default));
    }

    /// <summary>destination[i] = x[i] * x[i] (may overflow to +inf).</summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Square<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, default(SquareKernel));
    }

    /// <summary>destination[i] = sqrt x[i], correctly rounded: Sqrt(-0) = -0, Sqrt(x &lt; 0) = NaN.</summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void Sqrt<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, default(SqrtKernel));
    }

    /// <summary>
    /// destination[i] = x[i] clamped to [min, max]; NaN stays NaN and a zero inside the range keeps its sign.
    /// </summary>
    /// <param name="x">Operand.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound; must be &gt;= <paramref name="min"/>.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="min"/> &gt; <paramref name="max"/>, or a bound is NaN.</exception>
    public static void Clamp<T>(ReadOnlySpan<T> x, T min, T max, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Range(min, max);
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new LaneUnary<ClampOp>(new ClampOp(LaneScalar.From(min), LaneScalar.From(max))));
    }

    /// <summary>destination[i] = x[i]^exponent with the special cases of <c>T.Pow</c> (e.g. x^0 = 1 even for NaN x).</summary>
    /// <param name="x">Base.</param>
    /// <param name="exponent">Exponent applied to every element.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void PowScalar<T>(ReadOnlySpan<T> x, T exponent, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new PowScalarKernel(LaneScalar.From(exponent)));
    }

    /// <summary>
    /// destination[i] = condition[i] != 0 ? whenTrue[i] : whenFalse[i]. ±0 selects <paramref name="whenFalse"/>;
    /// NaN is nonzero and selects <paramref name="whenTrue"/>.
    /// </summary>
    /// <param name="condition">Selector values.</param>
    /// <param name="whenTrue">Taken where the condition is nonzero.</param>
    /// <param name="whenFalse">Taken where the condition is zero.</param>
    /// <param name="destination">Result; may alias any input.</param>
    public static void Select<T>(ReadOnlySpan<T> condition, ReadOnlySpan<T> whenTrue, ReadOnlySpan<T> whenFalse, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTernary(condition, whenTrue, whenFalse, destination);
        RunTernary(condition, whenTrue, whenFalse, destination, new LaneTernary<SelectOp>(default));
    }

    /// <summary>
    /// Gradient of tanh from its input x: inputGradient[i] = g[i] * sech^2(x[i]), sech^2(x) = f / (1 + f/4)^2 with
    /// f = 4 exp(-2|x|), accurate where 1 - tanh(x)^2 cancels: sech^2 within 4 ulps in float (computed in float for
    /// speed), fp16 rounds that once, double computes in double.
    /// </summary>
    /// <param name="input">The forward input x.</param>
    /// <param name="outputGradient">The gradient g with respect to tanh(x).</param>
    /// <param name="inputGradient">Result; may alias either input.</param>
    public static void TanhBackward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> inputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(input, outputGradient, inputGradient);
        RunBinary(input, outputGradient, inputGradient, new WideLaneBinary<TanhBackwardOp>(default));
    }

    /// <summary>
    /// Gradient of the sigmoid from its input x: inputGradient[i] = g[i] * sigmoid(x) sigmoid(-x), computed as
    /// e / (1 + e)^2 with e = exp(-|x|) (fp32 and fp16 in double, rounded once), accurate where y (1 - y) is 0.
    /// </summary>
    /// <param name="input">The forward input x.</param>
    /// <param name="outputGradient">The gradient g with respect to sigmoid(x).</param>
    /// <param name="inputGradient">Result; may alias either input.</param>
    public static void SigmoidBackward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> inputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(input, outputGradient, inputGradient);
        RunBinary(input, outputGradient, inputGradient, new LaneBinary<SigmoidBackwardOp>(default));
    }

    /// <summary>
    /// Gradient of relu: inputGradient[i] = x[i] &gt; 0 ? g[i] : 0. A NaN or zero input gives +0 (whatever g is).
    /// </summary>
    /// <param name="input">The forward input x.</param>
    /// <param name="outputGradient">The gradient g with respect to relu(x).</param>
    /// <param name="inputGradient">Result; may alias either input.</param>
    public static void ReluBackward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> inputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(input, outputGradient, inputGradient);
        RunBinary(input, outputGradient, inputGradient, new LaneBinary<ReluBackwardOp>(default));
    }

    /// <summary>
    /// Gradient of silu: inputGradient[i] = g * s * (1 + x * (1 - s)) with s = sigmoid(x), s and 1 - s computed
    /// stably (fp32 and fp16 in double, rounded once). At x = +inf the slope is its limit 1, at x = -inf its limit 0;
    /// NaN gives NaN.
    /// </summary>
    /// <param name="input">The forward input x.</param>
    /// <param name="outputGradient">The gradient g with respect to silu(x).</param>
    /// <param name="inputGradient">Result; may alias either input.</param>
    public static void SiluBackward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> inputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(input, outputGradient, inputGradient);
        RunBinary(input, outputGradient, inputGradient, new LaneBinary<SiluBackwardOp>(default));
    }

    /// <summary>
    /// Second derivative of silu: s(1 - s)(2 + x(1 - 2s)) with s = sigmoid(x), computed from e^-|x| without
    /// cancellation in s(1 - s). ±inf gives 0 (the limit); NaN gives NaN.
    /// </summary>
    /// <param name="input">The point x.</param>
    /// <param name="destination">Result; may alias <paramref name="input"/>.</param>
    public static void SiluSecondDerivative<T>(ReadOnlySpan<T> input, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(input, destination);
        RunUnary(input, destination, new LaneUnary<SiluSecondDerivativeOp>(default));
    }

    /// <summary>
    /// destination[i] = 1 where min &lt;= x[i] &lt;= max, else 0 (NaN gives 0). Used by clamp's backward rule;
    /// an empty range (min &gt; max) gives all zeros.
    /// </summary>
    /// <param name="x">Operand.</param>
    /// <param name="min">Inclusive lower bound.</param>
    /// <param name="max">Inclusive upper bound.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void InRangeMask<T>(ReadOnlySpan<T> x, T min, T max, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new LaneUnary<InRangeMaskOp>(new InRangeMaskOp(LaneScalar.From(min), LaneScalar.From(max))));
    }

    /// <summary>destination[i] = 1 where x[i] &gt; y[i], else 0 (NaN in either gives 0).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void GreaterMask<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        RunBinary(x, y, destination, new LaneBinary<GreaterMaskOp>(default));
    }

    /// <summary>destination[i] = 1 where x[i] == y[i], else 0 (-0 == +0 gives 1; NaN gives 0).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void EqualMask<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        RunBinary(x, y, destination, new LaneBinary<EqualMaskOp>(default));
    }

    /// <summary>destination[i] = 1 where x[i] &gt; 0, else 0 (±0 and NaN give 0).</summary>
    /// <param name="x">Operand.</param>
    /// <param name="destination">Result; may alias <paramref name="x"/>.</param>
    public static void PositiveMask<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Output(x, destination);
        RunUnary(x, destination, new LaneUnary<PositiveMaskOp>(default));
    }

    private static void CheckBinary<T>(
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> y,
        Span<T> destination,
        [CallerArgumentExpression(nameof(x))] string xName = "",
        [CallerArgumentExpression(nameof(y))] string yName = "",
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
    {
        CpuKernelArguments.SameLength(x, y, xName, yName);
        CpuKernelArguments.Output(x, destination, xName, destinationName);
        CpuKernelArguments.NoPartialOverlap(y, destination, yName, destinationName);
    }

    private static void CheckTernary<T>(
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> y,
        ReadOnlySpan<T> z,
        Span<T> destination,
        [CallerArgumentExpression(nameof(x))] string xName = "",
        [CallerArgumentExpression(nameof(y))] string yName = "",
        [CallerArgumentExpression(nameof(z))] string zName = "",
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
    {
        CpuKernelArguments.SameLength(x, y, xName, yName);
        CpuKernelArguments.SameLength(x, z, xName, zName);
        CpuKernelArguments.Output(x, destination, xName, destinationName);
        CpuKernelArguments.NoPartialOverlap(y, destination, yName, destinationName);
        CpuKernelArguments.NoPartialOverlap(z, destination, zName, destinationName);
    }

    private static void RunUnary<T, TKernel>(ReadOnlySpan<T> x, Span<T> destination, TKernel kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernel : struct, IUnarySpanKernel
    {
        if (typeof(T) == typeof(Half))
        {
            HalfChunked.Unary(MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(destination), kernel);
        }
        else
        {
            CpuKernelArguments.Supported<T>();
            kernel.Run(x, destination);
        }
    }

    private static void RunBinary<T, TKernel>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, TKernel kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernel : struct, IBinarySpanKernel
    {
        if (typeof(T) == typeof(Half))
        {
            HalfChunked.Binary(
                MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(y), MemoryMarshal.Cast<T, Half>(destination), kernel);
        }
        else
        {
            CpuKernelArguments.Supported<T>();
            kernel.Run(x, y, destination);
        }
    }

    private static void RunTernary<T, TKernel>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination, TKernel kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernel : struct, ITernarySpanKernel
    {
        if (typeof(T) == typeof(Half))
        {
            HalfChunked.Ternary(
                MemoryMarshal.Cast<T, Half>(x),
                MemoryMarshal.Cast<T, Half>(y),
                MemoryMarshal.Cast<T, Half>(z),
                MemoryMarshal.Cast<T, Half>(destination),
                kernel);
        }
        else
        {
            CpuKernelArguments.Supported<T>();
            kernel.Run(x, y, z, destination);
        }
    }
}
