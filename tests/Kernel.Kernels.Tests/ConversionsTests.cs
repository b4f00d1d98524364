using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;
using static Kernel.Kernels.Tests.CpuKernelTestSupport;

namespace Kernel.Kernels.Tests;

/// <summary>Widening must be exact; narrowing must equal the one-step round-to-nearest cast.</summary>
public abstract class ConversionsTests<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [Theory]
    [MemberData(nameof(CpuKernelTestSupport.LengthData), MemberType = typeof(CpuKernelTestSupport))]
    public void WidenIsExactAndNarrowRoundsOnce(int n)
    {
        T[] x = Uniform<T>(n, -1e4, 1e4);
        if (n > 4)
        {
            x[0] = T.NaN;
            x[1] = T.NegativeZero;
            x[2] = T.NegativeInfinity;
            x[3] = T.Epsilon;
        }

        var wide = new double[n];
        Conversions.Widen<T>(x, wide);
        for (int i = 0; i < n; i++)
        {
            AssertSame(ToDouble(x[i]), wide[i], $"widen[{i}]");
        }

        var random = new Random(1234);
        double[] d = new double[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = (random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 30));
        }

        var narrow = new T[n];
        Conversions.Narrow<T>(d, narrow);
        for (int i = 0; i < n; i++)
        {
            AssertSame(FromDouble<T>(d[i]), narrow[i], $"narrow({d[i]})");
        }

        // Round trip is the identity.
        Conversions.Narrow<T>(wide, narrow);
        AssertBitwiseEqual<T>(x, narrow, "round trip");
    }

    [Fact]
    public void NarrowSpecialValues()
    {
        double[] d = [double.NaN, -0.0, double.PositiveInfinity];
        var t = new T[d.Length];
        Conversions.Narrow<T>(d, t);
        Assert.True(T.IsNaN(t[0]));
        AssertSame(T.NegativeZero, t[1], "-0");
        AssertSame(T.PositiveInfinity, t[2], "inf");
    }

    [SkippableFact]
    public void NarrowOverflowsToInfinityAndUnderflowsToSignedZero()
    {
        Skip.If(typeof(T) == typeof(double), "narrowing to double is the identity: +-1e300 and +-1e-300 are representable");
        double[] d = [1e300, -1e300, 1e-300, -1e-300];
        var t = new T[d.Length];
        Conversions.Narrow<T>(d, t);
        AssertSame(T.PositiveInfinity, t[0], "overflow");
        AssertSame(T.NegativeInfinity, t[1], "negative overflow");
        AssertSame(T.Zero, t[2], "underflow");
        AssertSame(T.NegativeZero, t[3], "negative underflow");
    }

    [Fact]
    public void LengthMismatchNamesDestination()
    {
        var ex = Assert.Throws<ArgumentException>(() => Conversions.Widen<T>(new T[3], new double[2]));
        Assert.Equal("destination", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Conversions.Narrow<T>(new double[3], new T[4]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void ConversionsDoNotAllocate()
    {
        T[] x = Uniform<T>(1000, -3, 3);
        var d = new double[1000];
        Conversions.Widen<T>(x, d);
        Conversions.Narrow<T>(d, x);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Conversions.Widen<T>(x, d);
        Conversions.Narrow<T>(d, x);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

/// <summary>The generic checks in fp16, and the ones only fp16 has: double rounding and the whole format.</summary>
public sealed class ConversionsHalfTests : ConversionsTests<Half>
{
    [Fact]
    public void HalfNarrowingAvoidsDoubleRounding()
    {
        // Just above the midpoint of 1 and 1 + 2^-10: rounds up directly, but via float it first becomes the
        // exact midpoint and then ties to even (down to 1).
        double value = 1 + Math.Pow(2, -11) + Math.Pow(2, -40);
        Assert.Equal((Half)1, (Half)(float)value);
        var t = new Half[9];
        Conversions.Narrow<Half>(Enumerable.Repeat(value, 9).ToArray(), t);
        Assert.All(t, v => Assert.Equal(FromDouble<Half>(1 + Math.Pow(2, -10)), v));
    }

    [Fact]
    public void WidenCoversEveryHalf()
    {
        var all = new Half[65536];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = BitConverter.UInt16BitsToHalf((ushort)i);
        }

        var wide = new double[all.Length];
        Conversions.Widen<Half>(all, wide);
        for (int i = 0; i < all.Length; i++)
        {
            AssertSame(ToDouble(all[i]), wide[i], $"bits {i:X4}");
        }
    }
}

public sealed class ConversionsSingleTests : ConversionsTests<float>;

public sealed class ConversionsDoubleTests : ConversionsTests<double>;
