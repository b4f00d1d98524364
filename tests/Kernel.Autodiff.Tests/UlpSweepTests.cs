using System.Globalization;
using Kernel.Autodiff.Ops;
using Xunit;
using Xunit.Abstractions;

namespace Kernel.Autodiff.Tests;

/// <summary>
/// Value and derivative of every activation (and exp, log) over the whole fp16 range (every finite value) and a fixed
/// sample of fp32 (every 4099th bit pattern, about a million values over every exponent), against fp64 references,
/// through the tape (forward, and a fresh vector-Jacobian product with a seed of ones). The error is counted in ulps of
/// the format at the fp64 value wherever that value is a normal number of the format; a non-finite result there counts as
/// unbounded. The bounds are the ones stated in the ops' docs (ActivationOps, ExponentialOps).
/// </summary>
public class UlpSweepTests(ITestOutputHelper output)
{
    /// <summary>(value, derivative) bounds in ulps, fp32 then fp16.</summary>
    public static TheoryData<string, double, double, double, double> Bounds() => new()
    {
        { "tanh", 2, 4, 1, 1 },
        { "sigmoid", 1, 1, 1, 1 },
        { "softplus", 1, 1, 1, 1 },
        { "silu", 1, 1, 1, 1 },
        { "exp", 1, 1, 1, 1 },
        { "log", 1, 1, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void ValueAndDerivativeStayWithinTheirUlpBounds(string op, double valueFp32, double derivativeFp32, double valueFp16, double derivativeFp16)
    {
        (double value32, double derivative32) = Sweep<float>(op, SingleSample());
        (double value16, double derivative16) = Sweep<Half>(op, HalfSample());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{op}: fp32 value {value32:G3} ulp, derivative {derivative32:G3} ulp; fp16 value {value16:G3}, derivative {derivative16:G3}"));
        Assert.True(value32 <= valueFp32, $"{op} fp32 value: {value32} ulps > {valueFp32}");
        Assert.True(derivative32 <= derivativeFp32, $"{op} fp32 derivative: {derivative32} ulps > {derivativeFp32}");
        Assert.True(value16 <= valueFp16, $"{op} fp16 value: {value16} ulps > {valueFp16}");
        Assert.True(derivative16 <= derivativeFp16, $"{op} fp16 derivative: {derivative16} ulps > {derivativeFp16}");
    }

    [Fact]
    public void TheDerivativesTheIssueNamedAreAccurateInFp32()
    {
        // sigmoid'(20) was exactly 0 (y rounded to 1); tanh'(3) was 5.7e-6 off relative (1 - y^2 cancelled).
        var tape = new Tape<float>();
        Tensor<float> x = tape.Variable(Shape.Vector(2), [20f, 3f]);
        float sigmoid = tape.Gradient(x.Sigmoid().Sum(), x).ToArray()[0];
        float tanh = tape.Gradient(x.Tanh().Sum(), x).ToArray()[1];
        Assert.Equal(2.0611536e-9, sigmoid, 2.0611536e-9 * 1e-6);
        double exact = 1 / (Math.Cosh(3.0) * Math.Cosh(3.0));
        Assert.True(Math.Abs(tanh - exact) / exact < 1.2e-7, $"tanh'(3) = {tanh}, exact {exact}");
    }

    /// <summary>The largest error in ulps of the value and of the derivative over <paramref name="inputs"/>.</summary>
    private static (double Value, double Derivative) Sweep<T>(string op, T[] inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] domain = op == "log" ? inputs.Where(v => v > T.Zero).ToArray() : inputs;
        var tape = new Tape<T>();
        Tensor<T> x = tape.Variable(Shape.Vector(domain.Length), domain);
        Tensor<T> y = op switch
        {
            "tanh" => x.Tanh(),
            "sigmoid" => x.Sigmoid(),
            "softplus" => x.Softplus(),
            "silu" => x.Silu(),
            "exp" => x.Exp(),
            _ => x.Log(),
        };
        T[] values = y.ToArray();
        T[] derivatives = tape.Gradient(y, tape.Full(y.Shape, T.One), x).ToArray();
        double worstValue = 0;
        double worstDerivative = 0;
        for (int i = 0; i < domain.Length; i++)
        {
            double v = double.CreateTruncating(domain[i]);
            (double f, double df) = Reference(op, v);
            worstValue = Math.Max(worstValue, Ulps(values[i], f));
            worstDerivative = Math.Max(worstDerivative, Ulps(derivatives[i], df));
        }

        return (worstValue, worstDerivative);
    }

    /// <summary>f(x) and f'(x) in fp64, in forms accurate to a few fp64 ulps over the whole line.</summary>
    private static (double Value, double Derivative) Reference(string op, double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        double sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
        double sigmoidPrime = e / ((1 + e) * (1 + e));
        return op switch
        {
            "tanh" => (Math.Tanh(x), 4 * Math.Exp(-2 * Math.Abs(x)) / Math.Pow(1 + Math.Exp(-2 * Math.Abs(x)), 2)),
            "sigmoid" => (sigmoid, sigmoidPrime),
            "softplus" => (Math.Max(x, 0) + Log1p(e), sigmoid),
            "silu" => (x * sigmoid, sigmoid * (1 + (x * (x >= 0 ? e / (1 + e) : 1 / (1 + e))))),
            "exp" => (Math.Exp(x), Math.Exp(x)),
            _ => (Math.Log(x), 1 / x),
        };
    }

    /// <summary>log(1 + u) for u in [0, 1]: its series below 1e-4 (truncation below 1e-16 relative), else log directly.</summary>
    private static double Log1p(double u) => u < 1e-4 ? u * (1 - (u * ((1.0 / 2) - (u * ((1.0 / 3) - (u / 4)))))) : Math.Log(1 + u);

    /// <summary>|actual - expected| in ulps of T at expected; 0 where expected is not a normal number of T.</summary>
    private static double Ulps<T>(T actual, double expected)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool half = typeof(T) == typeof(Half);
        double smallestNormal = half ? Math.Pow(2, -14) : Math.Pow(2, -126);
        double largest = half ? 65504 : float.MaxValue;
        double magnitude = Math.Abs(expected);
        if (!(magnitude >= smallestNormal && magnitude <= largest))
        {
            return 0;
        }

        double a = double.CreateTruncating(actual);
        if (!double.IsFinite(a))
        {
            return double.PositiveInfinity;
        }

        int mantissaBits = half ? 10 : 23;
        double ulp = Math.Pow(2, Math.Floor(Math.Log2(magnitude)) - mantissaBits);
        return Math.Abs(a - expected) / ulp;
    }

    private static float[] SingleSample()
    {
        var values = new List<float>(1 << 20);
        for (long bits = 0; bits <= uint.MaxValue; bits += 4099)
        {
            float v = BitConverter.UInt32BitsToSingle((uint)bits);
            if (float.IsFinite(v))
            {
                values.Add(v);
            }
        }

        return [.. values];
    }

    private static Half[] HalfSample()
    {
        var values = new List<Half>(1 << 16);
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            Half v = BitConverter.UInt16BitsToHalf((ushort)bits);
            if (Half.IsFinite(v))
            {
                values.Add(v);
            }
        }

        return [.. values];
    }
}
