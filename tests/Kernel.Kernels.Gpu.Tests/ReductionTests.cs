using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;
using Half = System.Half;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// Reductions on the ILGPU CPU accelerator against <see cref="Reductions"/>. Extremes, column sums and fp16 strict
/// accumulation follow the CPU's order and must be bitwise equal. Sums in another order are bounded by the classic
/// a-priori bound: each of the two sums is within gamma_n sum|terms| of the exact one, so they differ by at most
/// 2 gamma_n sum|terms| (plus one fp16 ulp of the result when both round to fp16). Log-sum-exp: the sum's relative
/// difference 2 gamma_n becomes an absolute one after the log, plus an ulp for each final rounding. Means: the sums'
/// bound divided by n, plus the scaling's rounding on each side; column means and strict means are bitwise equal.
/// </summary>
public sealed class ReductionTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private static readonly int[] Lengths = [0, 1, 17, 65, 1000];

    public static TheoryData<string, Accumulation> Cases() => new()
    {
        { "fp16", Accumulation.Widened },
        { "fp16", Accumulation.Strict },
        { "fp32", Accumulation.Widened },
        { "fp64", Accumulation.Widened },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WholeArrayReductionsMatchCpu(string precision, Accumulation accumulation)
    {
        switch (precision)
        {
            case "fp16": Whole<Half, IlgpuHalf>(accumulation); break;
            case "fp32": Whole<float, float>(accumulation); break;
            default: Whole<double, double>(accumulation); break;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RowAndColumnReductionsMatchCpu(string precision, Accumulation accumulation)
    {
        switch (precision)
        {
            case "fp16": RowsAndColumns<Half, IlgpuHalf>(accumulation); break;
            case "fp32": RowsAndColumns<float, float>(accumulation); break;
            default: RowsAndColumns<double, double>(accumulation); break;
        }
    }

    [Fact]
    public void SpecialValuesPropagateAsOnTheCpu()
    {
        GpuDevice device = fixture.Device;
        float[][] inputs =
        [
            [1f, float.NaN, 3f], [float.NegativeInfinity, float.NegativeInfinity], [2f, float.PositiveInfinity, -1f], [-0f, 0f], [0f, -0f],
        ];
        using var result = device.Allocate<float>(1);
        foreach (float[] x in inputs)
        {
            using var gx = Precision.Upload<float, float>(device, x);
            device.Reductions.Max(gx.Flat(), result.Flat());
            ElementwiseTests.AssertClose([Reductions.Max<float>(x)], Precision.Download<float, float>(result.Flat()), 0, "max");
            device.Reductions.Min(gx.Flat(), result.Flat());
            ElementwiseTests.AssertClose([Reductions.Min<float>(x)], Precision.Download<float, float>(result.Flat()), 0, "min");
            device.Reductions.LogSumExp(gx.Flat(), result.Flat());
            ElementwiseTests.AssertClose([Reductions.LogSumExp<float>(x)], Precision.Download<float, float>(result.Flat()), 0, "lse");
        }

        using var empty = device.Allocate<float>(0);
        var error = Assert.Throws<ArgumentException>(() => device.Reductions.Max(empty.Flat(), result.Flat()));
        Assert.Equal("x", error.ParamName);
    }

    [Fact]
    public void Fp16MeanOfValuesWhoseSumOverflowsIsFiniteAsOnTheCpu()
    {
        // The PPO value loss that overflowed: 64 squared errors of 5292 sum to 338688 > 65504, their mean is 5292.
        GpuDevice device = fixture.Device;
        Half[] values = Enumerable.Repeat((Half)5292, 64 * 3).ToArray();
        using var gx = Precision.Upload<Half, IlgpuHalf>(device, values);
        using var whole = device.Allocate<IlgpuHalf>(1);
        using var perRow = device.Allocate<IlgpuHalf>(3);
        using var perColumn = device.Allocate<IlgpuHalf>(3);
        foreach ((Accumulation accumulation, Half expected) in new[] { (Accumulation.Widened, (Half)5292), (Accumulation.Strict, Half.PositiveInfinity) })
        {
            // Strict shows the worst case: the fp16 running sum overflows and the mean stays +inf.
            device.Reductions.Mean(gx.Flat().SubView(0, 64), whole.Flat(), accumulation);
            device.Reductions.RowMeans(gx.Flat(), 3, 64, perRow.Flat(), accumulation);
            device.Reductions.ColumnMeans(gx.Flat(), 64, 3, perColumn.Flat(), accumulation);
            Assert.Equal(expected, Precision.Download<Half, IlgpuHalf>(whole.Flat())[0]);
            Assert.All(Precision.Download<Half, IlgpuHalf>(perRow.Flat()), m => Assert.Equal(expected, m));
            Assert.All(Precision.Download<Half, IlgpuHalf>(perColumn.Flat()), m => Assert.Equal(expected, m));
        }
    }

    private void Whole<T, TDevice>(Accumulation accumulation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        bool strict = accumulation == Accumulation.Strict;
        foreach (int n in Lengths)
        {
            T[] x = Precision.Uniform<T>(n, -2, 3, n);
            T[] y = Precision.Uniform<T>(n, -2, 3, n + 7);
            using var gx = Precision.Upload<T, TDevice>(device, x);
            using var gy = Precision.Upload<T, TDevice>(device, y);
            using var result = device.Allocate<TDevice>(1);
            double absSum = x.Sum(v => Math.Abs(Precision.ToDouble(v)));
            double absSquares = x.Sum(v => Precision.ToDouble(v) * Precision.ToDouble(v));
            double absDot = x.Zip(y).Sum(p => Math.Abs(Precision.ToDouble(p.First) * Precision.ToDouble(p.Second)));

            device.Reductions.Sum(gx.Flat(), result.Flat(), accumulation);
            Check(Reductions.Sum<T>(x, accumulation), Read(result), strict ? 0 : SumBound<T>(n, absSum), $"sum n={n}");
            device.Reductions.Mean(gx.Flat(), result.Flat(), accumulation);
            T mean = Reductions.Mean<T>(x, accumulation);
            Check(mean, Read(result), strict || n == 0 ? 0 : MeanBound<T>(n, absSum, mean), $"mean n={n}");
            device.Reductions.SumOfSquares(gx.Flat(), result.Flat(), accumulation);
            Check(Reductions.SumOfSquares<T>(x, accumulation), Read(result), strict ? 0 : SumBound<T>(n, absSquares), $"sum of squares n={n}");
            device.Reductions.Dot(gx.Flat(), gy.Flat(), result.Flat(), accumulation);
            Check(Reductions.Dot<T>(x, y, accumulation), Read(result), strict ? 0 : SumBound<T>(n, absDot), $"dot n={n}");
            device.Reductions.LogSumExp(gx.Flat(), result.Flat(), accumulation);
            T lse = Reductions.LogSumExp<T>(x, accumulation);
            Check(lse, Read(result), strict || n == 0 ? 0 : LseBound<T>(n, lse), $"log-sum-exp n={n}");
            if (n > 0)
            {
                device.Reductions.Max(gx.Flat(), result.Flat());
                Check(Reductions.Max<T>(x), Read(result), 0, $"max n={n}");
                device.Reductions.Min(gx.Flat(), result.Flat());
                Check(Reductions.Min<T>(x), Read(result), 0, $"min n={n}");
            }

            T Read(ILGPU.Runtime.MemoryBuffer1D<TDevice, ILGPU.Stride1D.Dense> buffer) => Precision.Download<T, TDevice>(buffer.Flat())[0];
        }
    }

    private void RowsAndColumns<T, TDevice>(Accumulation accumulation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        bool strict = accumulation == Accumulation.Strict;
        foreach ((int rows, int columns) in new[] { (1, 1), (7, 17), (33, 5), (3, 65), (0, 4), (4, 0) })
        {
            T[] matrix = Precision.Uniform<T>(rows * columns, -4, 4, rows * 100 + columns);
            using var gm = Precision.Upload<T, TDevice>(device, matrix);
            using var perRow = device.Allocate<TDevice>(rows);
            using var perColumn = device.Allocate<TDevice>(columns);
            var expectedRows = new T[rows];
            var expectedColumns = new T[columns];

            Reductions.ColumnSums<T>(matrix, rows, columns, expectedColumns, accumulation);
            device.Reductions.ColumnSums(gm.Flat(), rows, columns, perColumn.Flat(), accumulation);
            ElementwiseTests.AssertClose(expectedColumns, Precision.Download<T, TDevice>(perColumn.Flat()), 0, $"column sums {rows}x{columns}");

            Reductions.RowSums<T>(matrix, rows, columns, expectedRows, accumulation);
            device.Reductions.RowSums(gm.Flat(), rows, columns, perRow.Flat(), accumulation);
            T[] actualRows = Precision.Download<T, TDevice>(perRow.Flat());
            for (int r = 0; r < rows; r++)
            {
                double absSum = matrix.Skip(r * columns).Take(columns).Sum(v => Math.Abs(Precision.ToDouble(v)));
                Check(expectedRows[r], actualRows[r], strict ? 0 : SumBound<T>(columns, absSum), $"row sum {r} of {rows}x{columns}");
            }

            Reductions.ColumnMeans<T>(matrix, rows, columns, expectedColumns, accumulation);
            device.Reductions.ColumnMeans(gm.Flat(), rows, columns, perColumn.Flat(), accumulation);
            ElementwiseTests.AssertClose(expectedColumns, Precision.Download<T, TDevice>(perColumn.Flat()), 0, $"column means {rows}x{columns}");

            Reductions.RowMeans<T>(matrix, rows, columns, expectedRows, accumulation);
            device.Reductions.RowMeans(gm.Flat(), rows, columns, perRow.Flat(), accumulation);
            actualRows = Precision.Download<T, TDevice>(perRow.Flat());
            for (int r = 0; r < rows; r++)
            {
                double absSum = matrix.Skip(r * columns).Take(columns).Sum(v => Math.Abs(Precision.ToDouble(v)));
                Check(expectedRows[r], actualRows[r], strict || columns == 0 ? 0 : MeanBound<T>(columns, absSum, expectedRows[r]), $"row mean {r} of {rows}x{columns}");
            }

            Reductions.RowLogSumExp<T>(matrix, rows, columns, expectedRows, accumulation);
            device.Reductions.RowLogSumExp(gm.Flat(), rows, columns, perRow.Flat(), accumulation);
            actualRows = Precision.Download<T, TDevice>(perRow.Flat());
            for (int r = 0; r < rows; r++)
            {
                Check(expectedRows[r], actualRows[r], strict || columns == 0 ? 0 : LseBound<T>(columns, expectedRows[r]), $"row log-sum-exp {r} of {rows}x{columns}");
            }

            if (columns > 0)
            {
                Reductions.RowMax<T>(matrix, rows, columns, expectedRows);
                device.Reductions.RowMax(gm.Flat(), rows, columns, perRow.Flat());
                ElementwiseTests.AssertClose(expectedRows, Precision.Download<T, TDevice>(perRow.Flat()), 0, $"row max {rows}x{columns}");
            }
        }
    }

    /// <summary>2 gamma_n sum|terms|, plus one ulp of fp16 at the sum's magnitude when both round to fp16.</summary>
    private static double SumBound<T>(int n, double absSum)
        => (2 * Precision.Gamma<T>(n) * absSum) + (typeof(T) == typeof(Half) ? Precision.Epsilon<T>() * absSum : 0);

    /// <summary>The sums' bound over n, plus the scaling's rounding (in the accumulation precision) on each side.</summary>
    private static double MeanBound<T>(int n, double absSum, T mean)
        where T : IBinaryFloatingPointIeee754<T>
        => (SumBound<T>(n, absSum) / n) + (2 * Precision.AccumulationRoundoff<T>() * Math.Abs(Precision.ToDouble(mean)));

    /// <summary>2 gamma_n from the sums, 2 eps from the logs, one ulp of the result from its rounding.</summary>
    private static double LseBound<T>(int n, T result)
        where T : IBinaryFloatingPointIeee754<T>
        => (2 * Precision.Gamma<T>(n)) + (4 * Precision.AccumulationRoundoff<T>() * Math.Max(1, Math.Abs(Precision.ToDouble(result))))
            + (Precision.Epsilon<T>() * Math.Max(1, Math.Abs(Precision.ToDouble(result))));

    private static void Check<T>(T expected, T actual, double bound, string what)
        where T : IBinaryFloatingPointIeee754<T>
    {
        if (bound == 0)
        {
            ElementwiseTests.AssertClose([expected], [actual], 0, what);
            return;
        }

        double difference = Math.Abs(Precision.ToDouble(expected) - Precision.ToDouble(actual));
        Assert.True(difference <= bound, $"{what}: cpu {expected:R}, gpu {actual:R}, |difference| {difference:E3} > bound {bound:E3}.");
    }
}
