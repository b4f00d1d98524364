using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;
using static Kernel.Kernels.Tests.CpuKernelTestSupport;

namespace Kernel.Kernels.Tests;

/// <summary>
/// Reductions against double references. Bounds: float/double sums within (2 + log2 n) eps * sum|x| of the exact
/// sum (vectorised order) plus the final rounding; Half Widened within 1 Half ulp of the correctly rounded sum
/// (float accumulation error is far below a Half ulp); Half Strict bit-identical to a sequential Half loop;
/// max/min exact; log-sum-exp within 4 eps * (|max| + log n + 1).
/// </summary>
public abstract class ReductionsTests<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static readonly bool IsHalf = typeof(T) == typeof(Half);

    protected static T V(double value) => FromDouble<T>(value);

    private static void AssertSumClose(double exact, double magnitude, int n, T actual, string context)
    {
        if (IsHalf)
        {
            AssertUlps(V(exact), actual, 1, context);
            return;
        }

        double bound = ((2 + Math.Log2(n + 1)) * Epsilon<T>() * magnitude) + Math.Abs(exact) * Epsilon<T>();
        double error = Math.Abs(ToDouble(actual) - exact);
        Assert.True(error <= bound, $"{context}: exact {exact}, got {actual}, error {error} > {bound}");
    }

    private static Half StrictHalfSum(ReadOnlySpan<T> x)
    {
        Half sum = Half.Zero;
        foreach (T v in x)
        {
            sum = (Half)((float)sum + (float)(Half)(object)v);
        }

        return sum;
    }

    [Theory]
    [MemberData(nameof(CpuKernelTestSupport.LengthData), MemberType = typeof(CpuKernelTestSupport))]
    public void SumDotAndSumOfSquaresMatchReference(int n)
    {
        T[] x = Uniform<T>(n, -10, 10);
        T[] y = Uniform<T>(n, -10, 10, 77);
        double sum = 0, abs = 0, dot = 0, dotAbs = 0, squares = 0;
        for (int i = 0; i < n; i++)
        {
            double xi = ToDouble(x[i]), yi = ToDouble(y[i]);
            sum += xi;
            abs += Math.Abs(xi);
            dot += xi * yi;
            dotAbs += Math.Abs(xi * yi);
            squares += xi * xi;
        }

        AssertSumClose(sum, abs, n, Reductions.Sum<T>(x), "Sum");
        AssertSumClose(dot, dotAbs, n, Reductions.Dot<T>(x, y), "Dot");
        AssertSumClose(squares, squares, n, Reductions.SumOfSquares<T>(x), "SumOfSquares");

        if (IsHalf)
        {
            Assert.Equal((T)(object)StrictHalfSum(x), Reductions.Sum<T>(x, Accumulation.Strict));
            Half strictDot = Half.Zero, strictSquares = Half.Zero;
            for (int i = 0; i < n; i++)
            {
                float xi = (float)(Half)(object)x[i], yi = (float)(Half)(object)y[i];
                strictDot = (Half)((float)strictDot + (float)(Half)(xi * yi));
                strictSquares = (Half)((float)strictSquares + (float)(Half)(xi * xi));
            }

            Assert.Equal((T)(object)strictDot, Reductions.Dot<T>(x, y, Accumulation.Strict));
            Assert.Equal((T)(object)strictSquares, Reductions.SumOfSquares<T>(x, Accumulation.Strict));
        }
        else
        {
            // float and double always accumulate in their own precision: Strict changes nothing.
            Assert.Equal(Reductions.Sum<T>(x), Reductions.Sum<T>(x, Accumulation.Strict));
            Assert.Equal(Reductions.Dot<T>(x, y), Reductions.Dot<T>(x, y, Accumulation.Strict));
        }
    }

    [Theory]
    [MemberData(nameof(CpuKernelTestSupport.LengthData), MemberType = typeof(CpuKernelTestSupport))]
    public void MaxMinAndLogSumExpMatchReference(int n)
    {
        T[] x = Uniform<T>(n, -20, 20);
        if (n == 0)
        {
            Assert.True(T.IsNegativeInfinity(Reductions.LogSumExp<T>(x)));
            Assert.Throws<ArgumentException>(() => Reductions.Max<T>(x));
            Assert.Throws<ArgumentException>(() => Reductions.Min<T>(x));
            return;
        }

        double max = x.Select(ToDouble).Max();
        double min = x.Select(ToDouble).Min();
        Assert.Equal(V(max), Reductions.Max<T>(x));
        Assert.Equal(V(min), Reductions.Min<T>(x));

        double lse = max + Math.Log(x.Sum(v => Math.Exp(ToDouble(v) - max)));
        double scale = Math.Abs(max) + Math.Log(n) + 1;
        foreach (Accumulation accumulation in new[] { Accumulation.Widened, Accumulation.Strict })
        {
            T actual = Reductions.LogSumExp<T>(x, accumulation);
            if (IsHalf && accumulation == Accumulation.Strict)
            {
                // Every exp and addition rounded to Half: allow n/2 + 2 Half ulps of the sum's relative error.
                Assert.True(Math.Abs(ToDouble(actual) - lse) <= (2 + (n / 2.0)) * Epsilon<T>() * scale, $"strict lse {actual} vs {lse}");
            }
            else
            {
                Assert.True(
                    UlpDistance(V(lse), actual) <= 1 || Math.Abs(ToDouble(actual) - lse) <= 4 * Epsilon<T>() * scale,
                    $"lse {actual} vs {lse} ({accumulation})");
            }
        }
    }

    [Fact]
    public void ExtremesPropagateNaNAndOrderZeros()
    {
        T[] withNaN = [V(1), T.NaN, V(3), T.PositiveInfinity];
        Assert.True(T.IsNaN(Reductions.Max<T>(withNaN)));
        Assert.True(T.IsNaN(Reductions.Min<T>(withNaN)));
        T[] zeros = [T.Zero, T.NegativeZero];
        AssertSame(T.Zero, Reductions.Max<T>(zeros), "max(0, -0)");
        AssertSame(T.NegativeZero, Reductions.Min<T>(zeros), "min(0, -0)");
        T[] many = Enumerable.Repeat(V(1), 40).ToArray();
        many[37] = T.NaN;
        Assert.True(T.IsNaN(Reductions.Max<T>(many)));
    }

    [Fact]
    public void LogSumExpSpecialValues()
    {
        foreach (Accumulation a in new[] { Accumulation.Widened, Accumulation.Strict })
        {
            Assert.True(T.IsNegativeInfinity(Reductions.LogSumExp<T>([T.NegativeInfinity, T.NegativeInfinity], a)));
            Assert.True(T.IsPositiveInfinity(Reductions.LogSumExp<T>([V(1), T.PositiveInfinity, T.NegativeInfinity], a)));
            Assert.True(T.IsNaN(Reductions.LogSumExp<T>([T.NaN, T.PositiveInfinity], a)));
            Assert.True(T.IsNaN(Reductions.LogSumExp<T>([V(1), T.NaN], a)));
            AssertSame(V(-3.5), Reductions.LogSumExp<T>([V(-3.5)], a), "lse of one value");
            AssertSame(V(2), Reductions.LogSumExp<T>([V(2), T.NegativeInfinity], a), "lse with -inf");

            // Stable: values whose exp overflows T.
            AssertUlps(V(1000 + Math.Log(2)), Reductions.LogSumExp<T>([V(1000), V(1000)], a), 1, "lse(1000, 1000)");
            AssertUlps(V(-1000 + Math.Log(2)), Reductions.LogSumExp<T>([V(-1000), V(-1000)], a), 1, "lse(-1000, -1000)");
        }
    }

    [Theory]
    [MemberData(nameof(CpuKernelTestSupport.LengthData), MemberType = typeof(CpuKernelTestSupport))]
    public void MeanScalesTheAccumulatorBeforeRounding(int n)
    {
        T[] x = Uniform<T>(n, -10, 10);
        T mean = Reductions.Mean<T>(x);
        if (n == 0)
        {
            Assert.True(T.IsNaN(mean), "the mean of nothing is 0/0");
            return;
        }

        if (IsHalf)
        {
            double exact = 0;
            foreach (T v in x)
            {
                exact += ToDouble(v);
            }

            // float accumulation and scaling err far below a Half ulp: only the final rounding shows.
            AssertUlps(V(exact / n), mean, 1, "widened Half mean");
            Assert.Equal((T)(object)(Half)((float)StrictHalfSum(x) / n), Reductions.Mean<T>(x, Accumulation.Strict));
        }
        else
        {
            // float and double: the sum in T times 1/n in T, the bits of sum-then-scale.
            Assert.Equal(Reductions.Sum<T>(x) * (T.One / T.CreateTruncating(n)), mean);
        }
    }

    [Fact]
    public void SumSpecialValues()
    {
        AssertSame(T.Zero, Reductions.Sum<T>([]), "empty sum");
        AssertSame(T.Zero, Reductions.Dot<T>([], []), "empty dot");
        Assert.True(T.IsNaN(Reductions.Sum<T>([T.PositiveInfinity, T.NegativeInfinity])));
        Assert.True(T.IsPositiveInfinity(Reductions.Sum<T>([MaxFinite<T>(), MaxFinite<T>()])));
    }

    public static TheoryData<int, int> Shapes() => new()
    {
        { 0, 0 }, { 0, 5 }, { 3, 0 }, { 1, 1 }, { 7, 9 }, { 33, 17 }, { 5, 300 }, { 2, 1024 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatrixReductionsMatchPerRowAndColumnReferences(int rows, int columns)
    {
        T[] m = Uniform<T>(rows * columns, -5, 5);
        foreach (Accumulation a in new[] { Accumulation.Widened, Accumulation.Strict })
        {
            var rowSums = new T[rows];
            var rowMeans = new T[rows];
            var rowLse = new T[rows];
            Reductions.RowSums<T>(m, rows, columns, rowSums, a);
            Reductions.RowMeans<T>(m, rows, columns, rowMeans, a);
            Reductions.RowLogSumExp<T>(m, rows, columns, rowLse, a);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<T> row = m.AsSpan(r * columns, columns);
                Assert.Equal(Reductions.Sum(row, a), rowSums[r]);
                Assert.Equal(Reductions.Mean(row, a), rowMeans[r]);
                Assert.Equal(Reductions.LogSumExp(row, a), rowLse[r]);
            }

            var columnSums = new T[columns];
            var columnMeans = new T[columns];
            Reductions.ColumnSums<T>(m, rows, columns, columnSums, a);
            Reductions.ColumnMeans<T>(m, rows, columns, columnMeans, a);
            for (int c = 0; c < columns; c++)
            {
                AssertColumnMean(m, rows, columns, c, a, columnSums[c], columnMeans[c]);
                double exact = 0, magnitude = 0;
                Half strict = Half.Zero;
                for (int r = 0; r < rows; r++)
                {
                    double v = ToDouble(m[(r * columns) + c]);
                    exact += v;
                    magnitude += Math.Abs(v);
                    strict = (Half)((float)strict + (float)v);
                }

                if (IsHalf && a == Accumulation.Strict)
                {
                    Assert.Equal((T)(object)strict, columnSums[c]);
                }
                else
                {
                    AssertSumClose(exact, magnitude, rows, columnSums[c], $"column {c}");
                }
            }
        }

        if (columns > 0)
        {
            var rowMax = new T[rows];
            Reductions.RowMax<T>(m, rows, columns, rowMax);
            for (int r = 0; r < rows; r++)
            {
                Assert.Equal(Reductions.Max<T>(m.AsSpan(r * columns, columns)), rowMax[r]);
            }
        }
    }

    /// <summary>
    /// A column mean against its column: float and double the column sum times 1/rows in T (bit for bit); Half
    /// Widened within 1 ulp of the exact mean; Half Strict the Half-rounded sum divided by rows and rounded; no rows NaN.
    /// </summary>
    private static void AssertColumnMean(T[] m, int rows, int columns, int c, Accumulation a, T columnSum, T actual)
    {
        if (rows == 0)
        {
            Assert.True(T.IsNaN(actual), $"column {c}: the mean of no rows is 0/0");
        }
        else if (!IsHalf)
        {
            Assert.Equal(columnSum * (T.One / T.CreateTruncating(rows)), actual);
        }
        else if (a == Accumulation.Strict)
        {
            Assert.Equal((T)(object)(Half)((float)(Half)(object)columnSum / rows), actual);
        }
        else
        {
            double exact = 0;
            for (int r = 0; r < rows; r++)
            {
                exact += ToDouble(m[(r * columns) + c]);
            }

            AssertUlps(V(exact / rows), actual, 1, $"column mean {c}");
        }
    }

    [Fact]
    public void ValidationNamesTheParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => Reductions.RowSums<T>(new T[5], 2, 3, new T[2]));
        Assert.Equal("matrix", ex.ParamName);
        Assert.Contains("6", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Reductions.RowSums<T>(new T[6], 2, 3, new T[3]));
        Assert.Equal("destination", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Reductions.ColumnSums<T>(new T[6], 2, 3, new T[2]));
        Assert.Equal("destination", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Reductions.ColumnMeans<T>(new T[6], 2, 3, new T[2]));
        Assert.Equal("destination", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Reductions.RowMeans<T>(new T[5], 2, 3, new T[2]));
        Assert.Equal("matrix", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.Mean<T>(new T[3], (Accumulation)7));
        ex = Assert.Throws<ArgumentException>(() => Reductions.RowLogSumExp<T>(new T[6], -2, -3, new T[2]));
        Assert.Equal("rows", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Reductions.RowMax<T>(Array.Empty<T>(), 2, 0, new T[2]));
        Assert.Equal("columns", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Reductions.Max<T>([]));
        Assert.Equal("x", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Reductions.Dot<T>(new T[3], new T[4]));
        Assert.Equal("y", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.Sum<T>(new T[3], (Accumulation)7));
        var buffer = new T[8];
        ex = Assert.Throws<ArgumentException>(() => Reductions.ColumnSums<T>(buffer.AsSpan(0, 6), 2, 3, buffer.AsSpan(5, 3)));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void ReductionsDoNotAllocate()
    {
        T[] x = Uniform<T>(600, -3, 3);
        var rows = new T[20];
        var columns = new T[30];
        // Past the tiered JIT's call-count threshold (30), so a tier-up during the measured call cannot count: under
        // load, two warm-up calls once measured 6824 bytes that no later call allocates.
        for (int warm = 0; warm < 100; warm++)
        {
            RunAll(x, rows, columns);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAll(x, rows, columns);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RunAll(T[] x, T[] rows, T[] columns)
    {
        for (int mode = 0; mode < 2; mode++)
        {
            var a = (Accumulation)mode; // no array: the measurement must see only the kernels
            Reductions.Sum<T>(x, a);
            Reductions.Mean<T>(x, a);
            Reductions.Dot<T>(x, x, a);
            Reductions.SumOfSquares<T>(x, a);
            Reductions.LogSumExp<T>(x, a);
            Reductions.RowSums<T>(x, 20, 30, rows, a);
            Reductions.ColumnSums<T>(x, 20, 30, columns, a);
            Reductions.RowMeans<T>(x, 20, 30, rows, a);
            Reductions.ColumnMeans<T>(x, 20, 30, columns, a);
            Reductions.RowLogSumExp<T>(x, 20, 30, rows, a);
        }

        Reductions.Max<T>(x);
        Reductions.Min<T>(x);
        Reductions.RowMax<T>(x, 20, 30, rows);
    }
}

/// <summary>The generic checks in fp16, and the ones only fp16 has: a mean whose sum overflows, a strict sum that stalls.</summary>
public sealed class ReductionsHalfTests : ReductionsTests<Half>
{
    [Fact]
    public void HalfMeanOfValuesWhoseSumOverflowsIsFinite()
    {
        // The PPO value loss that overflowed: 64 squared errors of 5292 sum to 338688 > 65504, their mean is 5292.
        Half[] x = Enumerable.Repeat(V(5292), 64).ToArray();
        Assert.True(Half.IsPositiveInfinity(Reductions.Sum<Half>(x)));
        Assert.Equal(V(5292), Reductions.Mean<Half>(x));
        var matrix = Enumerable.Repeat(V(5292), 64 * 3).ToArray();
        var perRow = new Half[3];
        var perColumn = new Half[3];
        Reductions.RowMeans<Half>(matrix, 3, 64, perRow);
        Reductions.ColumnMeans<Half>(matrix, 64, 3, perColumn);
        Assert.All(perRow, m => Assert.Equal(V(5292), m));
        Assert.All(perColumn, m => Assert.Equal(V(5292), m));

        // Strict shows the worst case: the Half running sum overflows at the 13th addition and the mean stays +inf.
        Assert.True(Half.IsPositiveInfinity(Reductions.Mean<Half>(x, Accumulation.Strict)));
        Reductions.RowMeans<Half>(matrix, 3, 64, perRow, Accumulation.Strict);
        Reductions.ColumnMeans<Half>(matrix, 64, 3, perColumn, Accumulation.Strict);
        Assert.All(perRow, m => Assert.True(Half.IsPositiveInfinity(m)));
        Assert.All(perColumn, m => Assert.True(Half.IsPositiveInfinity(m)));
    }

    [Fact]
    public void HalfStrictAccumulationStallsWhereWidenedDoesNot()
    {
        Half[] x = Enumerable.Repeat(V(0.1), 4096).ToArray();
        Half widened = Reductions.Sum<Half>(x);
        Half strict = Reductions.Sum<Half>(x, Accumulation.Strict);
        // Half(0.1) = 0.0999755859375; 4096 of them are exactly 409.5. In Half arithmetic the running sum
        // stops at 256, where half an ulp (0.125) exceeds 0.1.
        Assert.Equal(V(409.5), widened);
        Assert.Equal(V(256), strict);
        Assert.Equal(V(409.5), Reductions.Dot<Half>(x, Enumerable.Repeat(V(1), 4096).ToArray()));
        Assert.Equal(V(256), Reductions.Dot<Half>(x, Enumerable.Repeat(V(1), 4096).ToArray(), Accumulation.Strict));

        var matrix = Enumerable.Repeat(V(0.1), 4096 * 3).ToArray();
        var columns = new Half[3];
        Reductions.ColumnSums<Half>(matrix, 4096, 3, columns);
        Assert.All(columns, c => Assert.Equal(V(409.5), c));
        Reductions.ColumnSums<Half>(matrix, 4096, 3, columns, Accumulation.Strict);
        Assert.All(columns, c => Assert.Equal(V(256), c));
    }
}

public sealed class ReductionsSingleTests : ReductionsTests<float>;

public sealed class ReductionsDoubleTests : ReductionsTests<double>;
