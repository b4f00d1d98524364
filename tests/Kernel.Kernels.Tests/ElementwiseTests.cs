using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;
using static Kernel.Kernels.Tests.CpuKernelTestSupport;

namespace Kernel.Kernels.Tests;

public delegate void UnarySpanKernel<T>(ReadOnlySpan<T> x, Span<T> destination);

public delegate void BinarySpanKernel<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

public delegate void TernarySpanKernel<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination);

/// <summary>Names of the element-wise kernels crossed with the test lengths.</summary>
public static class ElementwiseCases
{
    public static readonly string[] Unary =
    [
        "Negate", "Abs", "Exp", "Log", "Tanh", "Sigmoid", "Softplus", "Relu", "Silu", "Square", "Sqrt",
        "SiluSecondDerivative", "AddScalar", "MultiplyScalar", "Clamp", "InRangeMask", "PowScalarFractional",
        "PowScalarInteger", "PositiveMask",
    ];

    public static readonly string[] Binary =
    [
        "Add", "Subtract", "Multiply", "Divide", "Min", "Max", "GreaterMask", "EqualMask", "TanhBackward",
        "SigmoidBackward", "ReluBackward", "SiluBackward", "MultiplyScalarAdd",
    ];

    public static readonly string[] Ternary = ["FusedMultiplyAdd", "Select"];

    public static TheoryData<string, int> UnaryData() => Cross(Unary);

    public static TheoryData<string, int> BinaryData() => Cross(Binary);

    public static TheoryData<string, int> TernaryData() => Cross(Ternary);

    private static TheoryData<string, int> Cross(string[] names)
    {
        var data = new TheoryData<string, int>();
        foreach (string name in names)
        {
            foreach (int n in CpuKernelTestSupport.Lengths)
            {
                data.Add(name, n);
            }
        }

        return data;
    }
}

/// <summary>
/// Element-wise kernels against scalar references computed in double and rounded to T.
/// Bounds: exact ops (+ - * / min max abs negate square sqrt masks select clamp relu) must match bit for bit
/// (Half computes in float and rounds once, which is correctly rounded for these); transcendental ops must be
/// within 1 ulp for Half (float result rounded once) and 4 ulps for float and double (vectorised math);
/// fused multiply-add within 1 ulp for Half/float (double rounding of the reference) and exact for double.
/// Kernels with an inherent cancellation (silu derivatives) are also accepted within 4 eps of a stated scale.
/// </summary>
public abstract class ElementwiseTests<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static readonly long TranscendentalUlps = typeof(T) == typeof(Half) ? 1 : 4;

    private sealed record UnaryCase(
        UnarySpanKernel<T> Kernel, Func<double, double> Reference, double Lo, double Hi, long Ulps,
        Func<double, double>? Scale = null);

    private sealed record BinaryCase(
        BinarySpanKernel<T> Kernel, Func<double, double, double> Reference, double LoX, double HiX, double LoY,
        double HiY, long Ulps, bool Quantise = false, Func<double, double, double>? Scale = null);

    private sealed record TernaryCase(
        TernarySpanKernel<T> Kernel, Func<double, double, double, double> Reference, long Ulps, bool QuantiseFirst);

    protected static T V(double value) => FromDouble<T>(value);

    private static UnaryCase GetUnary(string name) => name switch
    {
        "Negate" => new(Elementwise.Negate, x => -x, -100, 100, 0),
        "Abs" => new(Elementwise.Abs, Math.Abs, -100, 100, 0),
        "Exp" => new(Elementwise.Exp, Math.Exp, -10, 10, TranscendentalUlps),
        "Log" => new(Elementwise.Log, Math.Log, 0, 100, TranscendentalUlps),
        "Tanh" => new(Elementwise.Tanh, Math.Tanh, -10, 10, TranscendentalUlps),
        "Sigmoid" => new(Elementwise.Sigmoid, RefSigmoid, -30, 30, TranscendentalUlps),
        "Softplus" => new(Elementwise.Softplus, RefSoftplus, -30, 30, TranscendentalUlps),
        "Relu" => new(Elementwise.Relu, x => x > 0 ? x : 0, -10, 10, 0),
        "Silu" => new(Elementwise.Silu, x => x * RefSigmoid(x), -30, 30, TranscendentalUlps),
        "Square" => new(Elementwise.Square, x => x * x, -100, 100, 0),
        "Sqrt" => new(Elementwise.Sqrt, Math.Sqrt, -1, 100, 0),
        "SiluSecondDerivative" => new(
            Elementwise.SiluSecondDerivative, RefSiluSecond, -30, 30, TranscendentalUlps, RefSiluSecondScale),
        "AddScalar" => new((x, d) => Elementwise.AddScalar(x, V(3.25), d), x => x + 3.25, -100, 100, 0),
        "MultiplyScalar" => new((x, d) => Elementwise.MultiplyScalar(x, V(-1.75), d), x => x * -1.75, -100, 100, 0),
        "Clamp" => new((x, d) => Elementwise.Clamp(x, V(-2.5), V(4), d), x => Math.Clamp(x, -2.5, 4), -10, 10, 0),
        "InRangeMask" => new(
            (x, d) => Elementwise.InRangeMask(x, V(-2.5), V(4), d), x => x >= -2.5 && x <= 4 ? 1 : 0, -10, 10, 0),
        "PowScalarFractional" => new(
            (x, d) => Elementwise.PowScalar(x, V(2.5), d), x => Math.Pow(x, 2.5), 0, 10, TranscendentalUlps),
        "PowScalarInteger" => new(
            (x, d) => Elementwise.PowScalar(x, V(3), d), x => Math.Pow(x, 3), -10, 10, TranscendentalUlps),
        "PositiveMask" => new(Elementwise.PositiveMask, x => x > 0 ? 1 : 0, -10, 10, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static BinaryCase GetBinary(string name) => name switch
    {
        "Add" => new(Elementwise.Add, (x, y) => x + y, -100, 100, -100, 100, 0),
        "Subtract" => new(Elementwise.Subtract, (x, y) => x - y, -100, 100, -100, 100, 0),
        "Multiply" => new(Elementwise.Multiply, (x, y) => x * y, -100, 100, -100, 100, 0),
        "Divide" => new(Elementwise.Divide, (x, y) => x / y, -100, 100, -100, 100, 0),
        "Min" => new(Elementwise.Min, Math.Min, -3, 3, -3, 3, 0, Quantise: true),
        "Max" => new(Elementwise.Max, Math.Max, -3, 3, -3, 3, 0, Quantise: true),
        "GreaterMask" => new(Elementwise.GreaterMask, (x, y) => x > y ? 1 : 0, -3, 3, -3, 3, 0, Quantise: true),
        "EqualMask" => new(Elementwise.EqualMask, (x, y) => x == y ? 1 : 0, -3, 3, -3, 3, 0, Quantise: true),
        "TanhBackward" => new(
            Elementwise.TanhBackward, (x, g) => g * 4 * Math.Exp(-2 * Math.Abs(x)) / Math.Pow(1 + Math.Exp(-2 * Math.Abs(x)), 2), -10, 10, -10, 10, TranscendentalUlps),
        "SigmoidBackward" => new(
            Elementwise.SigmoidBackward, (x, g) => g * Math.Exp(-Math.Abs(x)) / Math.Pow(1 + Math.Exp(-Math.Abs(x)), 2), -10, 10, -10, 10, TranscendentalUlps),
        "MultiplyScalarAdd" => new(
            (x, y, d) => Elementwise.MultiplyScalarAdd(x, V(-1.75), y, d), (x, y) => (x * -1.75) + y, -100, 100, -100, 100, 1,
            Scale: (x, y) => Math.Abs(x * 1.75) + Math.Abs(y)),
        "ReluBackward" => new(Elementwise.ReluBackward, (x, g) => x > 0 ? g : 0, -10, 10, -10, 10, 0),
        "SiluBackward" => new(
            Elementwise.SiluBackward, (x, g) => g * RefSiluSlope(x), -30, 30, -10, 10, TranscendentalUlps,
            Scale: (x, g) => Math.Abs(g) * (RefSigmoid(x) + (Math.Abs(x) * RefSigmoid(x) * RefSigmoid(-x)))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static TernaryCase GetTernary(string name) => name switch
    {
        "FusedMultiplyAdd" => new(
            Elementwise.FusedMultiplyAdd, Math.FusedMultiplyAdd, typeof(T) == typeof(double) ? 0 : 1, QuantiseFirst: false),
        "Select" => new(Elementwise.Select, (c, t, f) => c != 0 ? t : f, 0, QuantiseFirst: true),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    internal static double RefSigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    internal static double RefLog1p(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }

    internal static double RefSoftplus(double x) => Math.Max(x, 0) + RefLog1p(Math.Exp(-Math.Abs(x)));

    // s * (1 + x * (1 - s)) with 1 - s = sigmoid(-x), no cancellation.
    internal static double RefSiluSlope(double x) => RefSigmoid(x) * (1 + (x * RefSigmoid(-x)));

    internal static double RefSiluSecond(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        double d = 1 + e;
        return e / (d * d) * (2 - (Math.Abs(x) * (1 - e) / d));
    }

    private static double RefSiluSecondScale(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        double d = 1 + e;
        return e / (d * d) * (2 + Math.Abs(x));
    }

    private static T[] Inputs(int n, double lo, double hi, int seed, bool quantise)
    {
        T[] values = Uniform<T>(n, lo, hi, seed);
        if (quantise)
        {
            for (int i = 0; i < n; i++)
            {
                values[i] = T.Round(values[i]);
            }
        }

        return values;
    }

    protected static void Check(T actual, double exact, long ulps, double scale, string context)
    {
        T expected = V(exact);
        if (UlpDistance(expected, actual) <= ulps)
        {
            return;
        }

        double error = Math.Abs(ToDouble(actual) - exact);
        Assert.True(
            error <= 4 * Epsilon<T>() * scale,
            $"{context}: expected {expected} ({exact}), got {actual} (beyond {ulps} ulps and 4 eps * {scale}).");
    }

    [Theory]
    [MemberData(nameof(ElementwiseCases.UnaryData), MemberType = typeof(ElementwiseCases))]
    public void UnaryMatchesReference(string name, int n)
    {
        UnaryCase c = GetUnary(name);
        T[] x = Inputs(n, c.Lo, c.Hi, 1234, quantise: false);
        var destination = new T[n];
        c.Kernel(x, destination);
        for (int i = 0; i < n; i++)
        {
            double xi = ToDouble(x[i]);
            Check(destination[i], c.Reference(xi), c.Ulps, c.Scale?.Invoke(xi) ?? 0, $"{name}({xi}) at {i}");
        }

        T[] inPlace = (T[])x.Clone();
        c.Kernel(inPlace, inPlace);
        AssertBitwiseEqual<T>(destination, inPlace, $"{name} in place");
    }

    [Theory]
    [MemberData(nameof(ElementwiseCases.BinaryData), MemberType = typeof(ElementwiseCases))]
    public void BinaryMatchesReference(string name, int n)
    {
        BinaryCase c = GetBinary(name);
        T[] x = Inputs(n, c.LoX, c.HiX, 1234, c.Quantise);
        T[] y = Inputs(n, c.LoY, c.HiY, 4321, c.Quantise);
        var destination = new T[n];
        c.Kernel(x, y, destination);
        for (int i = 0; i < n; i++)
        {
            double xi = ToDouble(x[i]);
            double yi = ToDouble(y[i]);
            Check(destination[i], c.Reference(xi, yi), c.Ulps, c.Scale?.Invoke(xi, yi) ?? 0, $"{name}({xi}, {yi}) at {i}");
        }

        T[] inPlaceX = (T[])x.Clone();
        c.Kernel(inPlaceX, y, inPlaceX);
        AssertBitwiseEqual<T>(destination, inPlaceX, $"{name} in place over x");
        T[] inPlaceY = (T[])y.Clone();
        c.Kernel(x, inPlaceY, inPlaceY);
        AssertBitwiseEqual<T>(destination, inPlaceY, $"{name} in place over y");
    }

    [Theory]
    [MemberData(nameof(ElementwiseCases.TernaryData), MemberType = typeof(ElementwiseCases))]
    public void TernaryMatchesReference(string name, int n)
    {
        TernaryCase c = GetTernary(name);
        T[] x = Inputs(n, c.QuantiseFirst ? -1 : -10, c.QuantiseFirst ? 1 : 10, 1234, c.QuantiseFirst);
        T[] y = Inputs(n, -10, 10, 4321, quantise: false);
        T[] z = Inputs(n, -10, 10, 999, quantise: false);
        var destination = new T[n];
        c.Kernel(x, y, z, destination);
        for (int i = 0; i < n; i++)
        {
            double xi = ToDouble(x[i]), yi = ToDouble(y[i]), zi = ToDouble(z[i]);
            Check(destination[i], c.Reference(xi, yi, zi), c.Ulps, 0, $"{name}({xi}, {yi}, {zi}) at {i}");
        }

        T[] inPlace = (T[])z.Clone();
        c.Kernel(x, y, inPlace, inPlace);
        AssertBitwiseEqual<T>(destination, inPlace, $"{name} in place over the third input");
    }

    private static T[] Apply(UnarySpanKernel<T> kernel, params double[] inputs)
    {
        T[] x = inputs.Select(V).ToArray();
        var destination = new T[x.Length];
        kernel(x, destination);
        return destination;
    }

    private static void Expect(UnarySpanKernel<T> kernel, string name, double[] inputs, double[] expected)
    {
        T[] actual = Apply(kernel, inputs);
        for (int i = 0; i < inputs.Length; i++)
        {
            AssertSame(V(expected[i]), actual[i], $"{name}({inputs[i]})");
        }
    }

    private static double ExpOverflowThreshold =>
        typeof(T) == typeof(Half) ? 11.09 : typeof(T) == typeof(float) ? 88.72 : 709.78;

    [Fact]
    public void ExpSpecialValues()
    {
        double big = ExpOverflowThreshold;
        T[] r = Apply(Elementwise.Exp, big - 0.01, big + 0.01, double.NegativeInfinity, double.PositiveInfinity, double.NaN, -0.0);
        Assert.True(T.IsFinite(r[0]), $"exp({big - 0.01}) should be finite, got {r[0]}");
        Assert.True(T.IsPositiveInfinity(r[1]), $"exp({big + 0.01}) should overflow to +inf, got {r[1]}");
        AssertSame(T.Zero, r[2], "exp(-inf)");
        AssertSame(T.PositiveInfinity, r[3], "exp(+inf)");
        Assert.True(T.IsNaN(r[4]));
        AssertSame(T.One, r[5], "exp(-0)");
    }

    [Fact]
    public void LogSpecialValues() => Expect(
        Elementwise.Log,
        "Log",
        [0.0, -0.0, -1, double.PositiveInfinity, double.NaN, 1],
        [double.NegativeInfinity, double.NegativeInfinity, double.NaN, double.PositiveInfinity, double.NaN, 0]);

    [Fact]
    public void SigmoidIsStableForLargeMagnitudes() => Expect(
        Elementwise.Sigmoid,
        "Sigmoid",
        [-1000, 1000, double.NegativeInfinity, double.PositiveInfinity, double.NaN, 0, -0.0],
        [0, 1, 0, 1, double.NaN, 0.5, 0.5]);

    [Fact]
    public void SoftplusIsStableForLargeMagnitudes()
    {
        Expect(
            Elementwise.Softplus,
            "Softplus",
            [-1000, 1000, double.NegativeInfinity, double.PositiveInfinity, double.NaN],
            [0, 1000, 0, double.PositiveInfinity, double.NaN]);
        AssertUlps(V(Math.Log(2)), Apply(Elementwise.Softplus, 0)[0], TranscendentalUlps, "softplus(0)");

        // Tiny but nonzero for very negative x where float/double still represent exp(x).
        double x = typeof(T) == typeof(Half) ? -8 : -80;
        AssertUlps(V(RefSoftplus(x)), Apply(Elementwise.Softplus, x)[0], TranscendentalUlps, $"softplus({x})");
    }

    [Fact]
    public void ReluSpecialValues() => Expect(
        Elementwise.Relu,
        "Relu",
        [double.NaN, -0.0, 0, double.NegativeInfinity, double.PositiveInfinity, -1e-30, 2],
        [double.NaN, 0, 0, 0, double.PositiveInfinity, 0, 2]);

    [Fact]
    public void SiluSpecialValues() => Expect(
        Elementwise.Silu,
        "Silu",
        [double.NegativeInfinity, double.PositiveInfinity, double.NaN, -1000, 1000, 0],
        [-0.0, double.PositiveInfinity, double.NaN, -0.0, 1000, 0]);

    [Fact]
    public void TanhSpecialValues() => Expect(
        Elementwise.Tanh,
        "Tanh",
        [double.NegativeInfinity, double.PositiveInfinity, double.NaN, -0.0, 0, 1000, -1000],
        [-1, 1, double.NaN, -0.0, 0, 1, -1]);

    [Fact]
    public void SignsOfZeroAndNaN()
    {
        Expect(Elementwise.Abs, "Abs", [-0.0, double.NegativeInfinity, double.NaN], [0, double.PositiveInfinity, double.NaN]);
        Expect(Elementwise.Negate, "Negate", [0, -0.0, double.PositiveInfinity], [-0.0, 0, double.NegativeInfinity]);
        Expect(Elementwise.Sqrt, "Sqrt", [-0.0, -1, double.PositiveInfinity, 4], [-0.0, double.NaN, double.PositiveInfinity, 2]);
        Expect(Elementwise.Square, "Square", [-0.0, double.NegativeInfinity, double.NaN], [0, double.PositiveInfinity, double.NaN]);
        double huge = ToDouble(MaxFinite<T>());
        Expect(Elementwise.Square, "Square", [huge], [double.PositiveInfinity]);
    }

    [Fact]
    public void MinMaxPropagateNaNAndOrderZeros()
    {
        T[] x = [T.NaN, T.One, T.NegativeZero, T.Zero, T.NegativeInfinity];
        T[] y = [T.One, T.NaN, T.Zero, T.NegativeZero, T.PositiveInfinity];
        var min = new T[5];
        var max = new T[5];
        Elementwise.Min<T>(x, y, min);
        Elementwise.Max<T>(x, y, max);
        Assert.True(T.IsNaN(min[0]) && T.IsNaN(min[1]) && T.IsNaN(max[0]) && T.IsNaN(max[1]));
        AssertSame(T.NegativeZero, min[2], "min(-0, 0)");
        AssertSame(T.NegativeZero, min[3], "min(0, -0)");
        AssertSame(T.Zero, max[2], "max(-0, 0)");
        AssertSame(T.Zero, max[3], "max(0, -0)");
        AssertSame(T.NegativeInfinity, min[4], "min(-inf, inf)");
        AssertSame(T.PositiveInfinity, max[4], "max(-inf, inf)");
    }

    [Fact]
    public void ArithmeticOverflowsAndDividesByZeroPerIeee()
    {
        T[] x = [MaxFinite<T>(), T.One, T.Zero, -T.One];
        T[] y = [MaxFinite<T>(), T.Zero, T.Zero, T.Zero];
        var sum = new T[4];
        var quotient = new T[4];
        Elementwise.Add<T>(x, y, sum);
        Elementwise.Divide<T>(x, y, quotient);
        AssertSame(T.PositiveInfinity, sum[0], "max + max");
        AssertSame(T.PositiveInfinity, quotient[1], "1 / 0");
        Assert.True(T.IsNaN(quotient[2]), "0 / 0");
        AssertSame(T.NegativeInfinity, quotient[3], "-1 / 0");
    }

    [Fact]
    public void ClampSpecialValuesAndValidation()
    {
        T[] x = [T.NaN, T.NegativeInfinity, T.PositiveInfinity, T.NegativeZero];
        var d = new T[4];
        Elementwise.Clamp<T>(x, V(-1), V(1), d);
        Assert.True(T.IsNaN(d[0]));
        AssertSame(V(-1), d[1], "clamp(-inf)");
        AssertSame(V(1), d[2], "clamp(+inf)");
        AssertSame(T.NegativeZero, d[3], "clamp(-0)");

        var ex = Assert.Throws<ArgumentException>(() => Elementwise.Clamp<T>(new T[2], V(2), V(1), new T[2]));
        Assert.Equal("min", ex.ParamName);
        Assert.Throws<ArgumentException>(() => Elementwise.Clamp<T>(new T[2], T.NaN, V(1), new T[2]));
        Elementwise.Clamp<T>(x, V(3), V(3), d); // min == max is allowed
        AssertSame(V(3), d[1], "clamp to a point");
    }

    [Fact]
    public void PowScalarFollowsTPow()
    {
        double[] bases = [double.NaN, -2, 0, -0.0, double.PositiveInfinity, 4];
        foreach (double exponent in new[] { 0.0, 2, 0.5, -1 })
        {
            T[] actual = Apply((x, d) => Elementwise.PowScalar(x, V(exponent), d), bases);
            for (int i = 0; i < bases.Length; i++)
            {
                AssertSame(T.Pow(V(bases[i]), V(exponent)), actual[i], $"pow({bases[i]}, {exponent})");
            }
        }
    }

    [Fact]
    public void SelectTreatsZerosAsFalseAndNaNAsTrue()
    {
        T[] condition = [T.Zero, T.NegativeZero, T.NaN, V(-2), T.PositiveInfinity];
        T[] whenTrue = [V(1), V(1), V(1), V(1), V(1)];
        T[] whenFalse = [V(2), V(2), V(2), V(2), V(2)];
        var d = new T[5];
        Elementwise.Select<T>(condition, whenTrue, whenFalse, d);
        Assert.Equal([V(2), V(2), V(1), V(1), V(1)], d);
    }

    [Fact]
    public void MasksTreatNaNAsFalse()
    {
        T[] x = [T.NaN, V(1), T.NegativeZero, T.PositiveInfinity];
        T[] y = [T.NaN, T.NaN, T.Zero, T.PositiveInfinity];
        var greater = new T[4];
        var equal = new T[4];
        var positive = new T[4];
        var inRange = new T[4];
        Elementwise.GreaterMask<T>(x, y, greater);
        Elementwise.EqualMask<T>(x, y, equal);
        Elementwise.PositiveMask<T>(x, positive);
        Elementwise.InRangeMask<T>(x, T.NegativeZero, T.One, inRange);
        Assert.Equal([T.Zero, T.Zero, T.Zero, T.Zero], greater);
        Assert.Equal([T.Zero, T.Zero, T.One, T.One], equal);
        Assert.Equal([T.Zero, T.One, T.Zero, T.One], positive);
        Assert.Equal([T.Zero, T.One, T.One, T.Zero], inRange);
        Elementwise.InRangeMask<T>(x, T.One, T.Zero, inRange); // empty range
        Assert.Equal([T.Zero, T.Zero, T.Zero, T.Zero], inRange);
    }

    [Fact]
    public void DerivativeKernelsAtExtremes()
    {
        T[] x = [T.NegativeInfinity, T.PositiveInfinity, V(-1000), V(1000), T.NaN, T.Zero];
        T[] g = [V(3), V(3), V(3), V(3), V(3), V(3)];
        var silu = new T[6];
        var second = new T[6];
        var relu = new T[6];
        Elementwise.SiluBackward<T>(x, g, silu);
        Elementwise.SiluSecondDerivative<T>(x, second);
        Elementwise.ReluBackward<T>(x, g, relu);
        Assert.Equal(new[] { 0.0, 3, 0, 3 }, silu.Take(4).Select(ToDouble));
        Assert.True(T.IsNaN(silu[4]));
        Assert.Equal(V(1.5), silu[5]);
        Assert.Equal(new[] { 0.0, 0, 0, 0 }, second.Take(4).Select(ToDouble));
        Assert.True(T.IsNaN(second[4]));
        Assert.Equal(V(0.5), second[5]);
        Assert.Equal([T.Zero, V(3), T.Zero, V(3), T.Zero, T.Zero], relu);

        // The tanh and sigmoid derivatives come from the input: 0 at ±inf, the slope at 0, NaN for NaN.
        T[] input = [T.NegativeInfinity, T.PositiveInfinity, T.Zero, T.NaN];
        var tanh = new T[4];
        var sigmoid = new T[4];
        Elementwise.TanhBackward<T>(input, [V(2), V(2), V(2), V(2)], tanh);
        Elementwise.SigmoidBackward<T>(input, [V(2), V(2), V(2), V(2)], sigmoid);
        Assert.Equal([T.Zero, T.Zero, V(2)], tanh[..3]);
        Assert.True(T.IsNaN(tanh[3]));
        Assert.Equal([T.Zero, T.Zero, V(0.5)], sigmoid[..3]);
        Assert.True(T.IsNaN(sigmoid[3]));
    }

    [Fact]
    public void SiluDerivativesMatchFiniteDifferences()
    {
        // Independent of the closed forms: central differences of silu and its slope, in double.
        static double Silu(double x) => x / (1 + Math.Exp(-x));
        static double Slope(double x) => (Silu(x + 1e-5) - Silu(x - 1e-5)) / 2e-5;
        for (double x = -6; x <= 6; x += 0.37)
        {
            T[] input = [V(x)];
            double xt = ToDouble(input[0]);
            var first = new T[1];
            var second = new T[1];
            Elementwise.SiluBackward<T>(input, [T.One], first);
            Elementwise.SiluSecondDerivative<T>(input, second);
            double tolerance = typeof(T) == typeof(Half) ? 4e-3 : 1e-5;
            Assert.True(Math.Abs(ToDouble(first[0]) - Slope(xt)) <= tolerance, $"silu'({xt})");
            double curvature = (Slope(xt + 1e-3) - Slope(xt - 1e-3)) / 2e-3;
            Assert.True(Math.Abs(ToDouble(second[0]) - curvature) <= tolerance, $"silu''({xt}) = {second[0]} vs {curvature}");
        }
    }

    [Fact]
    public void LengthMismatchNamesTheParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => Elementwise.Add<T>(new T[3], new T[2], new T[3]));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("2", ex.Message);
        Assert.Contains("3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Elementwise.Exp<T>(new T[3], new T[4]));
        Assert.Equal("destination", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Elementwise.TanhBackward<T>(new T[3], new T[2], new T[3]));
        Assert.Equal("outputGradient", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Elementwise.SiluBackward<T>(new T[3], new T[3], new T[2]));
        Assert.Equal("inputGradient", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Elementwise.FusedMultiplyAdd<T>(new T[3], new T[3], new T[1], new T[3]));
        Assert.Equal("addend", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Elementwise.Select<T>(new T[3], new T[3], new T[3], new T[5]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void PartialOverlapIsRejected()
    {
        var buffer = new T[10];
        var ex = Assert.Throws<ArgumentException>(() => Elementwise.Exp<T>(buffer.AsSpan(0, 8), buffer.AsSpan(1, 8)));
        Assert.Equal("destination", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(
            () => Elementwise.Add<T>(new T[8], buffer.AsSpan(2, 8), buffer.AsSpan(0, 8)));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void KernelsDoNotAllocate()
    {
        T[] x = Uniform<T>(1000, -3, 3);
        T[] y = Uniform<T>(1000, -3, 3, 99);
        var d = new T[1000];
        RunAll(x, y, d);
        RunAll(x, y, d);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAll(x, y, d);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RunAll(T[] x, T[] y, T[] d)
    {
        Elementwise.Add<T>(x, y, d);
        Elementwise.Divide<T>(x, y, d);
        Elementwise.Max<T>(x, y, d);
        Elementwise.AddScalar<T>(x, T.One, d);
        Elementwise.FusedMultiplyAdd<T>(x, y, d, d);
        Elementwise.Exp<T>(x, d);
        Elementwise.Tanh<T>(x, d);
        Elementwise.Sigmoid<T>(x, d);
        Elementwise.Softplus<T>(x, d);
        Elementwise.Silu<T>(x, d);
        Elementwise.Clamp<T>(x, -T.One, T.One, d);
        Elementwise.PowScalar<T>(x, T.One + T.One, d);
        Elementwise.Select<T>(x, y, x, d);
        Elementwise.SiluBackward<T>(x, y, d);
        Elementwise.SiluSecondDerivative<T>(x, d);
        Elementwise.InRangeMask<T>(x, -T.One, T.One, d);
        Elementwise.EqualMask<T>(x, y, d);
    }
}

/// <summary>The generic checks in fp16, and one only fp16 has: every input of the format rounds once.</summary>
public sealed class ElementwiseHalfTests : ElementwiseTests<Half>
{
    [Fact]
    public void HalfRoundsOnceFromFloat()
    {
        // Every Half input of Exp/Softplus/Sigmoid rounds the float result once: check the whole format.
        var all = new Half[65536];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = BitConverter.UInt16BitsToHalf((ushort)i);
        }

        var d = new Half[all.Length];
        Elementwise.Softplus<Half>(all, d);
        for (int i = 0; i < all.Length; i++)
        {
            double xi = ToDouble(all[i]);
            Check(d[i], Half.IsNaN(all[i]) ? double.NaN : RefSoftplus(xi), 1, 0, $"softplus({xi})");
        }

        Elementwise.Multiply<Half>(all, all, d);
        for (int i = 0; i < all.Length; i++)
        {
            double xi = ToDouble(all[i]);
            AssertSame(V(xi * xi), d[i], $"{xi}^2");
        }
    }
}

public sealed class ElementwiseSingleTests : ElementwiseTests<float>;

public sealed class ElementwiseDoubleTests : ElementwiseTests<double>;
