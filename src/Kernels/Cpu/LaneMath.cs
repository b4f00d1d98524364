using System.Numerics;
using System.Runtime.CompilerServices;
using C = Kernel.Kernels.Cpu.SingleLaneConstants;

namespace Kernel.Kernels.Cpu;

/// <summary>Vectorised building blocks for float and double lanes (the JIT removes the branch not taken).</summary>
internal static class LaneMath
{
    /// <summary>
    /// e^x. float lanes are computed in double and rounded once (so Exp(0) = 1 exactly and results are within
    /// about half an ulp); double lanes use the runtime's vectorised exp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Exp<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Vector.Widen(x.As<T, float>(), out Vector<double> low, out Vector<double> high);
            return Vector.Narrow(Vector.Exp(low), Vector.Exp(high)).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector.Exp(x.As<T, double>()).As<double, T>();
        }

        throw new NotSupportedException();
    }

    /// <summary>Natural logarithm; float lanes are computed in double and rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Vector.Widen(x.As<T, float>(), out Vector<double> low, out Vector<double> high);
            return Vector.Narrow(Vector.Log(low), Vector.Log(high)).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector.Log(x.As<T, double>()).As<double, T>();
        }

        throw new NotSupportedException();
    }

    /// <summary>
    /// Hyperbolic tangent. float lanes are computed in float (<see cref="TanhSingle"/>, within 2 ulps; widening to
    /// double cost 4x as much and made fp32 tanh slower than PyTorch's); double lanes in double. On AVX-512 cores
    /// Elementwise runs the float kernel 16 lanes at a time instead (<see cref="WideLaneMath"/>, same bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Tanh<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return TanhSingle(x.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return TanhDouble(x.As<T, double>()).As<double, T>();
        }

        throw new NotSupportedException();
    }

    /// <summary>
    /// tanh in float. For |x| &lt; 0.625: x + x z Q(z) with z = x^2 and Q a degree-4 minimax fit of (tanh(x)/x - 1)/z
    /// (0.11 ulp; fitted for this file by weighted least squares on Chebyshev nodes). Otherwise 1 - 2/(e + 1) with
    /// e = exp(2|x|), where 2|x| is capped at 20 (tanh rounds to 1 in float from |x| = 9.01) and
    /// exp(y) = 2^k (1 + r P(r)), k = round(y / ln 2), r = y - k ln 2 in two parts (Cody and Waite), P a degree-5 fit
    /// (0.3 ulp). The result gets x's sign (so -0 stays -0); NaN passes through; ±inf gives ±1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> TanhSingle(Vector<float> x)
    {
        Vector<float> a = Vector.Abs(x);
        Vector<float> z = a * a;
        Vector<float> q = Vector.FusedMultiplyAdd(Vector.Create(C.TanhQ4), z, Vector.Create(C.TanhQ3));
        q = Vector.FusedMultiplyAdd(q, z, Vector.Create(C.TanhQ2));
        q = Vector.FusedMultiplyAdd(q, z, Vector.Create(C.TanhQ1));
        q = Vector.FusedMultiplyAdd(q, z, Vector.Create(C.TanhQ0));
        Vector<float> small = Vector.FusedMultiplyAdd(a * z, q, a);

        Vector<float> y = Vector.MinNative(a + a, Vector.Create(C.TanhExpCap));
        Vector<float> k = Vector.Round(y * Vector.Create(C.Log2E));
        Vector<float> r = Vector.FusedMultiplyAdd(k, Vector.Create(C.MinusLn2High), y);
        r = Vector.FusedMultiplyAdd(k, Vector.Create(C.MinusLn2Low), r);
        Vector<float> expR = ExpReduced(r);
        Vector<float> e = Vector.AsVectorSingle(Vector.AsVectorInt32(expR) + Vector.ShiftLeft(Vector.ConvertToInt32(k), 23));
        Vector<float> large = Vector<float>.One - (Vector.Create(2f) / (e + Vector<float>.One));

        Vector<float> magnitude = Vector.ConditionalSelect(Vector.LessThan(a, Vector.Create(C.TanhSmall)), small, large);
        Vector<float> signed = Vector.AsVectorSingle(Vector.AsVectorUInt32(magnitude) | (Vector.AsVectorUInt32(x) & Vector.Create(0x8000_0000u)));
        return Vector.ConditionalSelect(Vector.Equals(x, x), signed, x);
    }

    /// <summary>
    /// tanh in double: for |x| &lt; 0.3 its Taylor series (odd, converging like (2x/pi)^2 per term), otherwise
    /// (1 - e)/(1 + e) with e = exp(-2|x|), where 1 - e is exact (e &gt;= 0.5) or not cancelling. Sign and -0
    /// are kept; ±inf gives ±1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> TanhDouble(Vector<double> x)
    {
        Vector<double> one = Vector<double>.One;
        Vector<double> a = Vector.Abs(x);
        Vector<double> e = Vector.Exp(a * Vector.Create(-2.0));
        Vector<double> large = (one - e) / (one + e);

        Vector<double> z = a * a;
        double[] series = TanhSeries;
        Vector<double> p = Vector.Create(series[^1]);
        for (int k = series.Length - 2; k >= 1; k--)
        {
            p = (p * z) + Vector.Create(series[k]);
        }

        Vector<double> small = a + (a * (z * p));
        Vector<double> magnitude = Vector.ConditionalSelect(Vector.LessThan(a, Vector.Create(0.3)), small, large);
        return Vector.ConditionalSelect(Vector.IsNegative(x), -magnitude, magnitude);
    }

    /// <summary>
    /// Taylor coefficients c_k of tanh x = sum c_k x^(2k+1), from tanh' = 1 - tanh^2:
    /// c_0 = 1, (2k+1) c_k = -sum_{i+j=k-1} c_i c_j. 16 terms reach double precision for |x| &lt; 0.3.
    /// </summary>
    private static readonly double[] TanhSeries = ComputeTanhSeries(16);

    private static double[] ComputeTanhSeries(int terms)
    {
        var c = new double[terms];
        c[0] = 1;
        for (int k = 1; k < terms; k++)
        {
            double s = 0;
            for (int i = 0; i < k; i++)
            {
                s += c[i] * c[k - 1 - i];
            }

            c[k] = -s / ((2 * k) + 1);
        }

        return c;
    }

    /// <summary>sigmoid(x) from the stable logistic parts; float lanes compute in double and round once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sigmoid<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => InDouble(x, Vector<T>.One, default(SigmoidValue));

    /// <summary>
    /// softplus(x) = max(x, 0) + log1p(exp(-|x|)) (a NaN x reaches the result through the log1p term); float lanes compute
    /// in double and round once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Softplus<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => InDouble(x, Vector<T>.One, default(SoftplusValue));

    /// <summary>
    /// silu(x) = x sigmoid(x); float lanes compute in double and round once, so x sigmoid(x) stays accurate where
    /// sigmoid(x) alone would be subnormal in float (x in [-103, -87]) but the product is not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Silu<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => InDouble(x, Vector<T>.One, default(SiluValue));

    /// <summary>
    /// g * tanh'(x) from x: tanh'(x) = sech^2(x) = f / (1 + f/4)^2 with f = 4 exp(-2|x|), which neither cancels (unlike
    /// 1 - tanh(x)^2, whose tanh rounds to 1 in float from |x| = 9) nor overflows. float lanes stay in float
    /// (<see cref="SechSquaredSingle"/>, within 2 ulps; the backward of tanh is on the hot path of every tanh network;
    /// 16 lanes at a time on AVX-512 cores: <see cref="WideLaneMath"/>), double lanes compute in double.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> TanhDerivativeTimes<T>(Vector<T> x, Vector<T> g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return (g.As<T, float>() * SechSquaredSingle(x.As<T, float>())).As<float, T>();
        }

        return InDouble(x, g, default(TanhDerivative));
    }

    /// <summary>
    /// sech^2(x) in float: f / (1 + f/4)^2 with f = 4 exp(v), v = -2|x| (exact). exp(v) = 2^k exp(r) with k = round(v / ln 2)
    /// and r = v - k ln 2 in two parts (Cody and Waite) and <see cref="TanhSingle"/>'s polynomial; the power of two is applied
    /// as 2^(k + 66) then 2^-64, so a result below float's normal range is rounded once rather than mangled. 0 where
    /// 4 exp(v) is below half the smallest subnormal (|x| &gt; 51.95); NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> SechSquaredSingle(Vector<float> x)
    {
        Vector<float> v = Vector.Abs(x) * Vector.Create(-2f);
        Vector<float> clamped = Vector.ConditionalSelect(Vector.LessThan(v, Vector.Create(C.SechFloor)), Vector.Create(C.SechFloor), v);
        Vector<float> k = Vector.Round(clamped * Vector.Create(C.Log2E));
        Vector<float> r = Vector.FusedMultiplyAdd(k, Vector.Create(C.MinusLn2High), clamped);
        r = Vector.FusedMultiplyAdd(k, Vector.Create(C.MinusLn2Low), r);
        Vector<float> expR = ExpReduced(r);
        Vector<float> scale = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32(k) + Vector.Create(C.SechExponentBias), 23));
        Vector<float> f = expR * scale * Vector.Create(C.SechUnscale);
        Vector<float> d = Vector.FusedMultiplyAdd(f, Vector.Create(0.25f), Vector<float>.One);
        Vector<float> result = Vector.ConditionalSelect(Vector.LessThan(v, Vector.Create(C.SechZeroBelow)), Vector<float>.Zero, f / (d * d));
        return Vector.ConditionalSelect(Vector.Equals(x, x), result, x);
    }

    /// <summary>exp(r) for |r| &lt;= ln 2 / 2: 1 + r P(r), P the degree-5 fit of <see cref="TanhSingle"/> (0.3 ulp).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> ExpReduced(Vector<float> r)
    {
        Vector<float> p = Vector.FusedMultiplyAdd(Vector.Create(C.ExpP5), r, Vector.Create(C.ExpP4));
        p = Vector.FusedMultiplyAdd(p, r, Vector.Create(C.ExpP3));
        p = Vector.FusedMultiplyAdd(p, r, Vector.Create(C.ExpP2));
        p = Vector.FusedMultiplyAdd(p, r, Vector.Create(C.ExpP1));
        p = Vector.FusedMultiplyAdd(p, r, Vector<float>.One);
        return Vector.FusedMultiplyAdd(p, r, Vector<float>.One);
    }

    /// <summary>
    /// g * sigmoid'(x) from x: sigmoid(x) sigmoid(-x) = e / (1 + e)^2 with e = exp(-|x|) (unlike y (1 - y), whose y
    /// rounds to 1 in float from x = 17). float lanes compute in double and round once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> SigmoidDerivativeTimes<T>(Vector<T> x, Vector<T> g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => InDouble(x, g, default(SigmoidDerivative));

    /// <summary>
    /// g * silu'(x) = g s (1 + x (1 - s)) with s = sigmoid(x) and 1 - s from e = exp(-|x|); the limits 1 at +inf and 0
    /// at -inf. float lanes compute in double and round once, so the cancellation near silu's minimum (x = -1.28) costs
    /// no float accuracy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> SiluDerivativeTimes<T>(Vector<T> x, Vector<T> g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => InDouble(x, g, default(SiluDerivative));


    /// <summary>f(x, g) on double lanes: float lanes are widened, computed and rounded once; double lanes directly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> InDouble<T, TFunction>(Vector<T> x, Vector<T> g, TFunction f)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : struct, IDoubleLaneFunction
    {
        if (typeof(T) == typeof(float))
        {
            Vector.Widen(x.As<T, float>(), out Vector<double> xLow, out Vector<double> xHigh);
            Vector.Widen(g.As<T, float>(), out Vector<double> gLow, out Vector<double> gHigh);
            return Vector.Narrow(f.Invoke(xLow, gLow), f.Invoke(xHigh, gHigh)).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return f.Invoke(x.As<T, double>(), g.As<T, double>()).As<double, T>();
        }

        throw new NotSupportedException();
    }

    /// <summary>log(1 + u) for u in [0, 1] (or NaN), accurate for tiny u: log(w) * u / (w - 1) with w = 1 + u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log1pUnit<T>(Vector<T> u)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector<T> one = Vector<T>.One;
        Vector<T> w = one + u;
        Vector<T> wMinusOne = w - one;
        Vector<T> general = Log(w) * (u / wMinusOne);
        return Vector.ConditionalSelect(Vector.Equals(wMinusOne, Vector<T>.Zero), u, general);
    }

    /// <summary>
    /// Stable logistic parts: s = sigmoid(x) and 1 - s, each computed without cancellation from e = exp(-|x|)
    /// (never overflows). NaN gives NaN in both.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Logistic<T>(Vector<T> x, out Vector<T> sigmoid, out Vector<T> oneMinusSigmoid, out Vector<T> expNegAbs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector<T> e = Exp(-Vector.Abs(x));
        Vector<T> d = Vector<T>.One + e;
        Vector<T> big = Vector<T>.One / d;
        Vector<T> small = e / d;
        Vector<T> nonNegative = Vector.GreaterThanOrEqual(x, Vector<T>.Zero);
        sigmoid = Vector.ConditionalSelect(nonNegative, big, small);
        oneMinusSigmoid = Vector.ConditionalSelect(nonNegative, small, big);
        expNegAbs = e;
    }

    /// <summary>
    /// sigmoid(x) alone: <see cref="Logistic{T}"/>'s value with one division instead of two (the numerator, 1 or e, is
    /// chosen before dividing), so its results are the same bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> SigmoidOnly(Vector<double> x)
    {
        Vector<double> e = Vector.Exp(-Vector.Abs(x));
        Vector<double> numerator = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<double>.Zero), Vector<double>.One, e);
        return numerator / (Vector<double>.One + e);
    }

    /// <summary>g * sech^2(x) = g * 4e / (1 + e)^2, e = exp(-2|x|): 0 at ±inf, NaN for NaN.</summary>
    private readonly struct TanhDerivative : IDoubleLaneFunction
    {
        public Vector<double> Invoke(Vector<double> x, Vector<double> g)
        {
            Vector<double> e = Vector.Exp(Vector.Create(-2.0) * Vector.Abs(x));
            Vector<double> d = Vector<double>.One + e;
            return g * (Vector.Create(4.0) * e / (d * d));
        }
    }

    /// <summary>g * e / (1 + e)^2, e = exp(-|x|).</summary>
    private readonly struct SigmoidDerivative : IDoubleLaneFunction
    {
        public Vector<double> Invoke(Vector<double> x, Vector<double> g)
        {
            Vector<double> e = Vector.Exp(-Vector.Abs(x));
            Vector<double> d = Vector<double>.One + e;
            return g * (e / (d * d));
        }
    }

    /// <summary>g * sigmoid(x).</summary>
    private readonly struct SigmoidValue : IDoubleLaneFunction
    {
        public Vector<double> Invoke(Vector<double> x, Vector<double> g) => g * SigmoidOnly(x);
    }

    /// <summary>g * softplus(x).</summary>
    private readonly struct SoftplusValue : IDoubleLaneFunction
    {
        public Vector<double> Invoke(Vector<double> x, Vector<double> g)
        {
            Vector<double> positivePart = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<double>.Zero), x, Vector<double>.Zero);
            return g * (positivePart + Log1pUnit(Vector.Exp(-Vector.Abs(x))));
        }
    }

    /// <summary>g * x sigmoid(x).</summary>
    private readonly struct SiluValue : IDoubleLaneFunction
    {
        public Vector<double> Invoke(Vector<double> x, Vector<double> g) => g * (x * SigmoidOnly(x));
    }

    /// <summary>g * s (1 + x (1 - s)), the limits at ±inf.</summary>
    private readonly struct SiluDerivative : IDoubleLaneFunction
    {
        public Vector<double> Invoke(Vector<double> x, Vector<double> g)
        {
            Logistic(x, out Vector<double> s, out Vector<double> oneMinusS, out _);
            Vector<double> slope = s * (Vector<double>.One + (x * oneMinusS));
            Vector<double> limit = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<double>.Zero), Vector<double>.One, Vector<double>.Zero);
            return g * Vector.ConditionalSelect(Vector.IsInfinity(x), limit, slope);
        }
    }
}
