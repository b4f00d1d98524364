using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;
using static Kernel.Kernels.Tests.CpuKernelTestSupport;

namespace Kernel.Kernels.Tests;

/// <summary>Scans against scalar classification with T's own predicates (exact).</summary>
public abstract class ScanTests<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static T SmallestSubnormal => T.Epsilon;

    private static T LargestSubnormal => T.BitDecrement(SmallestNormal);

    private static T SmallestNormal =>
        typeof(T) == typeof(Half) ? FromDouble<T>(Math.Pow(2, -14))
        : typeof(T) == typeof(float) ? FromDouble<T>(Math.Pow(2, -126))
        : FromDouble<T>(Math.Pow(2, -1022));

    private static ValueSummary Reference(ReadOnlySpan<T> x)
    {
        double absMax = 0, minNonZero = double.PositiveInfinity;
        int posInf = 0, negInf = 0, nans = 0, subnormals = 0, zeros = 0;
        foreach (T v in x)
        {
            if (T.IsNaN(v))
            {
                nans++;
            }
            else if (T.IsPositiveInfinity(v))
            {
                posInf++;
            }
            else if (T.IsNegativeInfinity(v))
            {
                negInf++;
            }
            else if (T.IsZero(v))
            {
                zeros++;
            }
            else
            {
                subnormals += T.IsSubnormal(v) ? 1 : 0;
                double m = Math.Abs(ToDouble(v));
                absMax = Math.Max(absMax, m);
                minNonZero = Math.Min(minNonZero, m);
            }
        }

        return new ValueSummary(x.Length, absMax, minNonZero, posInf, negInf, nans, subnormals, zeros);
    }

    private static T[] Mixed(int n, int seed)
    {
        var random = new Random(seed);
        T[] specials =
        [
            T.NaN, -T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Zero, T.NegativeZero, SmallestSubnormal,
            -LargestSubnormal, SmallestNormal, MaxFinite<T>(), -MaxFinite<T>(),
        ];
        T[] x = Uniform<T>(n, -1000, 1000, seed);
        for (int i = 0; i < n; i++)
        {
            if (random.Next(4) == 0)
            {
                x[i] = specials[random.Next(specials.Length)];
            }
        }

        return x;
    }

    [Theory]
    [MemberData(nameof(CpuKernelTestSupport.LengthData), MemberType = typeof(CpuKernelTestSupport))]
    public void SummarizeMatchesReference(int n)
    {
        for (int seed = 0; seed < 4; seed++)
        {
            T[] x = Mixed(n, seed);
            Assert.Equal(Reference(x), Scan.Summarize<T>(x));
        }

        T[] finite = Uniform<T>(n, -3, 3);
        Assert.Equal(Reference(finite), Scan.Summarize<T>(finite));
    }

    [Fact]
    public void SummaryOfEmptyAndAllNonFinite()
    {
        Assert.Equal(new ValueSummary(0, 0, double.PositiveInfinity, 0, 0, 0, 0, 0), Scan.Summarize<T>([]));
        T[] x = [T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Zero];
        Assert.Equal(new ValueSummary(4, 0, double.PositiveInfinity, 1, 1, 1, 0, 1), Scan.Summarize<T>(x));
    }

    [Fact]
    public void SubnormalsAreCountedInTheirOwnFormat()
    {
        T[] x = [SmallestSubnormal, LargestSubnormal, SmallestNormal, -SmallestSubnormal];
        ValueSummary s = Scan.Summarize<T>(x);
        Assert.Equal(3, s.Subnormals);
        Assert.Equal(ToDouble(SmallestSubnormal), s.MinNonZeroMagnitude);
        Assert.Equal(ToDouble(SmallestNormal), s.AbsMax);
    }

    [Fact]
    public void CountersDoNotWrapOnLongInputs()
    {
        // More than 65535 values per 16-bit lane in one class.
        const int n = 1_200_003;
        var x = new T[n];
        x[n - 1] = T.NaN;
        ValueSummary s = Scan.Summarize<T>(x);
        Assert.Equal(n - 1, s.Zeros);
        Assert.Equal(1, s.NaNs);
        Assert.Equal(n - 1, Scan.IndexOfNonFinite<T>(x));
    }

    [Theory]
    [MemberData(nameof(CpuKernelTestSupport.LengthData), MemberType = typeof(CpuKernelTestSupport))]
    public void IndexOfNonFiniteFindsTheFirst(int n)
    {
        T[] x = Uniform<T>(n, -1000, 1000);
        if (n > 0)
        {
            x[0] = MaxFinite<T>();
            x[n - 1] = LargestSubnormal;
        }

        Assert.Equal(-1, Scan.IndexOfNonFinite<T>(x));
        foreach (T bad in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity })
        {
            for (int p = 0; p < n; p += Math.Max(1, n / 40))
            {
                T[] y = (T[])x.Clone();
                y[p] = bad;
                if (p + 3 < n)
                {
                    y[p + 3] = T.NaN;
                }

                Assert.Equal(p, Scan.IndexOfNonFinite<T>(y));
            }
        }
    }

    [Fact]
    public void ScansDoNotAllocate()
    {
        T[] x = Uniform<T>(1000, -3, 3);
        Scan.Summarize<T>(x);
        Scan.IndexOfNonFinite<T>(x);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Scan.Summarize<T>(x);
        Scan.IndexOfNonFinite<T>(x);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

public sealed class ScanHalfTests : ScanTests<Half>;

public sealed class ScanSingleTests : ScanTests<float>;

public sealed class ScanDoubleTests : ScanTests<double>;
