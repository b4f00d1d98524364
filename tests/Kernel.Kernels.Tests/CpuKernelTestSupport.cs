using System.Numerics;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>Shared helpers for the CPU kernel tests: inputs, conversions and ulp comparisons.</summary>
internal static class CpuKernelTestSupport
{
    /// <summary>Lengths around the SIMD widths (4/8/16 lanes) and the 256-element Half chunks.</summary>
    public static readonly int[] Lengths = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 1023, 1024];

    public static TheoryData<int> LengthData()
    {
        var data = new TheoryData<int>();
        foreach (int n in Lengths)
        {
            data.Add(n);
        }

        return data;
    }

    /// <summary>The largest finite value of T.</summary>
    public static T MaxFinite<T>()
        where T : IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(Half) ? (T)(object)Half.MaxValue
        : typeof(T) == typeof(float) ? (T)(object)float.MaxValue
        : (T)(object)double.MaxValue;

    public static T FromDouble<T>(double value)
        where T : IBinaryFloatingPointIeee754<T> => T.CreateTruncating(value); // round to nearest, one step

    public static double ToDouble<T>(T value)
        where T : IBinaryFloatingPointIeee754<T> => double.CreateTruncating(value);

    /// <summary>Uniform values in [lo, hi], rounded to T, from a fixed seed.</summary>
    public static T[] Uniform<T>(int length, double lo, double hi, int seed = 1234)
        where T : IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = FromDouble<T>(lo + ((hi - lo) * random.NextDouble()));
        }

        return values;
    }

    /// <summary>Machine epsilon of T (2^-10, 2^-23, 2^-52).</summary>
    public static double Epsilon<T>()
        where T : IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(Half) ? Math.Pow(2, -10) : typeof(T) == typeof(float) ? Math.Pow(2, -23) : Math.Pow(2, -52);

    /// <summary>Maps T's bit pattern to an integer that is monotone in the value (+0 and -0 both map to 0).</summary>
    public static long Ordered<T>(T value)
        where T : IBinaryFloatingPointIeee754<T>
    {
        long bits;
        long signMask;
        if (typeof(T) == typeof(Half))
        {
            bits = BitConverter.HalfToUInt16Bits((Half)(object)value);
            signMask = 0x8000;
        }
        else if (typeof(T) == typeof(float))
        {
            bits = BitConverter.SingleToUInt32Bits((float)(object)value);
            signMask = 0x8000_0000L;
        }
        else
        {
            long raw = BitConverter.DoubleToInt64Bits((double)(object)value);
            return raw < 0 ? -(raw & long.MaxValue) : raw;
        }

        return (bits & signMask) != 0 ? -(bits & (signMask - 1)) : bits;
    }

    /// <summary>Distance in units in the last place; NaN matches NaN, NaN against a number is infinitely far.</summary>
    public static long UlpDistance<T>(T expected, T actual)
        where T : IBinaryFloatingPointIeee754<T>
    {
        if (T.IsNaN(expected) || T.IsNaN(actual))
        {
            return T.IsNaN(expected) && T.IsNaN(actual) ? 0 : long.MaxValue;
        }

        return Math.Abs(Ordered(expected) - Ordered(actual));
    }

    public static void AssertUlps<T>(T expected, T actual, long ulps, string context)
        where T : IBinaryFloatingPointIeee754<T>
    {
        long distance = UlpDistance(expected, actual);
        Assert.True(distance <= ulps, $"{context}: expected {expected}, got {actual} ({distance} ulps, allowed {ulps}).");
    }

    public static void AssertBitwiseEqual<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string context)
        where T : IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = expected[i].Equals(actual[i]) && T.IsNegative(expected[i]) == T.IsNegative(actual[i]);
            Assert.True(same || (T.IsNaN(expected[i]) && T.IsNaN(actual[i])), $"{context}[{i}]: {expected[i]} vs {actual[i]}");
        }
    }

    /// <summary>Same value, NaN matching NaN, and the same sign for zeros.</summary>
    public static void AssertSame<T>(T expected, T actual, string context)
        where T : IBinaryFloatingPointIeee754<T>
    {
        if (T.IsNaN(expected))
        {
            Assert.True(T.IsNaN(actual), $"{context}: expected NaN, got {actual}");
            return;
        }

        Assert.True(
            expected == actual && T.IsNegative(expected) == T.IsNegative(actual),
            $"{context}: expected {Show(expected)}, got {Show(actual)}");
    }

    private static string Show<T>(T value)
        where T : IBinaryFloatingPointIeee754<T> =>
        T.IsZero(value) && T.IsNegative(value) ? "-0" : value.ToString() ?? string.Empty;
}
