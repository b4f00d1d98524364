using ILGPU;
using ILGPU.Runtime;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Reductions on device views with the semantics of <c>Kernel.Kernels.Cpu.Reductions</c> (IEEE extremes with NaN
/// propagating, stable log-sum-exp, fp16 widened or strict accumulation). Whole-array results are written to
/// element 0 of a one-element destination view, so a reduction stays on the device until the caller copies it.
/// Whole-array sums add in a tree order and row sums left to right, so they differ from the CPU's vectorised order
/// by rounding only; column sums, extremes and fp16 strict accumulation follow the CPU's order exactly. Means
/// accumulate as the matching sums do and scale by 1/n before the one rounding, as the CPU does.
/// Thread-safety: as its <see cref="GpuDevice"/> (one thread at a time).
/// </summary>
public sealed class GpuReductions
{
    private readonly GpuDevice device;

    internal GpuReductions(GpuDevice device) => this.device = device;

    /// <summary>destination[0] = sum of x (0 for empty).</summary>
    /// <param name="x">Values.</param>
    /// <param name="destination">One element.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void Sum<T>(ArrayView<T> x, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => Whole(ReductionKind.Sum, x, x, destination, accumulation);

    /// <summary>destination[0] = mean of x: the sum accumulated as <see cref="Sum{T}"/>'s, times 1/n, rounded once (NaN for empty).</summary>
    /// <param name="x">Values.</param>
    /// <param name="destination">One element.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict (the fp16-rounded sum divided by n).</param>
    public void Mean<T>(ArrayView<T> x, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => Whole(ReductionKind.Mean, x, x, destination, accumulation);

    /// <summary>destination[0] = sum of x[i]^2 (0 for empty).</summary>
    /// <param name="x">Values.</param>
    /// <param name="destination">One element.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void SumOfSquares<T>(ArrayView<T> x, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => Whole(ReductionKind.SumOfSquares, x, x, destination, accumulation);

    /// <summary>destination[0] = sum of x[i] y[i] (0 for empty).</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector, x's length.</param>
    /// <param name="destination">One element.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void Dot<T>(ArrayView<T> x, ArrayView<T> y, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
    {
        DeviceArguments.SameLength(x, y, nameof(x), nameof(y));
        Whole(ReductionKind.Dot, x, y, destination, accumulation);
    }

    /// <summary>destination[0] = the largest element (NaN if any is NaN; +0 &gt; -0).</summary>
    /// <param name="x">Values; must not be empty.</param>
    /// <param name="destination">One element.</param>
    public void Max<T>(ArrayView<T> x, ArrayView<T> destination)
        where T : unmanaged
    {
        NotEmpty(x);
        Whole(ReductionKind.Max, x, x, destination, Accumulation.Widened);
    }

    /// <summary>destination[0] = the smallest element (NaN if any is NaN; -0 &lt; +0).</summary>
    /// <param name="x">Values; must not be empty.</param>
    /// <param name="destination">One element.</param>
    public void Min<T>(ArrayView<T> x, ArrayView<T> destination)
        where T : unmanaged
    {
        NotEmpty(x);
        Whole(ReductionKind.Min, x, x, destination, Accumulation.Widened);
    }

    /// <summary>destination[0] = log(sum exp x) as m + log(sum exp(x - m)); empty or all -inf gives -inf.</summary>
    /// <param name="x">Values.</param>
    /// <param name="destination">One element.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void LogSumExp<T>(ArrayView<T> x, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => Whole(ReductionKind.LogSumExp, x, x, destination, accumulation);

    /// <summary>destination[r] = sum of row r of a row-major rows x columns matrix.</summary>
    /// <param name="matrix">rows x columns.</param>
    /// <param name="rows">Rows (&gt;= 0).</param>
    /// <param name="columns">Columns (&gt;= 0).</param>
    /// <param name="destination">rows elements, not overlapping matrix.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void RowSums<T>(ArrayView<T> matrix, int rows, int columns, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => RowWise(ReductionKind.Sum, matrix, rows, columns, destination, accumulation);

    /// <summary>destination[r] = mean of row r of a row-major rows x columns matrix (NaN for zero columns).</summary>
    /// <param name="matrix">rows x columns.</param>
    /// <param name="rows">Rows (&gt;= 0).</param>
    /// <param name="columns">Columns (&gt;= 0).</param>
    /// <param name="destination">rows elements, not overlapping matrix.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void RowMeans<T>(ArrayView<T> matrix, int rows, int columns, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => RowWise(ReductionKind.Mean, matrix, rows, columns, destination, accumulation);

    /// <summary>destination[r] = maximum of row r (NaN propagates).</summary>
    /// <param name="matrix">rows x columns.</param>
    /// <param name="rows">Rows (&gt;= 0).</param>
    /// <param name="columns">Columns; at least 1 when rows &gt; 0.</param>
    /// <param name="destination">rows elements, not overlapping matrix.</param>
    public void RowMax<T>(ArrayView<T> matrix, int rows, int columns, ArrayView<T> destination)
        where T : unmanaged
    {
        if (rows > 0 && columns == 0)
        {
            throw new ArgumentException($"columns ({columns}) must be at least 1 to take a row maximum.", nameof(columns));
        }

        RowWise(ReductionKind.Max, matrix, rows, columns, destination, Accumulation.Widened);
    }

    /// <summary>destination[r] = log-sum-exp of row r (-inf for zero columns).</summary>
    /// <param name="matrix">rows x columns.</param>
    /// <param name="rows">Rows (&gt;= 0).</param>
    /// <param name="columns">Columns (&gt;= 0).</param>
    /// <param name="destination">rows elements, not overlapping matrix.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void RowLogSumExp<T>(ArrayView<T> matrix, int rows, int columns, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => RowWise(ReductionKind.LogSumExp, matrix, rows, columns, destination, accumulation);

    /// <summary>destination[c] = sum of column c over the rows in order (the bias gradient).</summary>
    /// <param name="matrix">rows x columns.</param>
    /// <param name="rows">Rows (&gt;= 0).</param>
    /// <param name="columns">Columns (&gt;= 0).</param>
    /// <param name="destination">columns elements, not overlapping matrix.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void ColumnSums<T>(ArrayView<T> matrix, int rows, int columns, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => ColumnWise(ReductionKind.Sum, matrix, rows, columns, destination, accumulation);

    /// <summary>destination[c] = mean of column c: its sum over the rows in order, times 1/rows, rounded once (NaN for zero rows).</summary>
    /// <param name="matrix">rows x columns.</param>
    /// <param name="rows">Rows (&gt;= 0).</param>
    /// <param name="columns">Columns (&gt;= 0).</param>
    /// <param name="destination">columns elements, not overlapping matrix.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void ColumnMeans<T>(ArrayView<T> matrix, int rows, int columns, ArrayView<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => ColumnWise(ReductionKind.Mean, matrix, rows, columns, destination, accumulation);

    private static int Strict<T>(Accumulation accumulation)
        where T : unmanaged
        => typeof(T) == typeof(IlgpuHalf) && accumulation == Accumulation.Strict ? 1 : 0;

    private static void NotEmpty<T>(ArrayView<T> x)
        where T : unmanaged
    {
        if (x.Length == 0)
        {
            throw new ArgumentException("x must not be empty (length 0): the extreme of no values is undefined.", nameof(x));
        }
    }

    private void Whole<T>(ReductionKind kind, ArrayView<T> x, ArrayView<T> y, ArrayView<T> destination, Accumulation accumulation)
        where T : unmanaged
    {
        DeviceArguments.Length(destination, 1, nameof(destination), "a whole-array reduction writes one value");
        DeviceArguments.NoOverlap(x, destination, nameof(x), nameof(destination));
        DeviceArguments.Defined(accumulation, nameof(accumulation));
        DeviceArguments.Indexable(x, nameof(x));
        var config = new KernelConfig(1, device.GroupSize);
        var kernel = device.Kernel<T, Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int>>(
            "whole",
            a => a.LoadStreamKernel(
                typeof(T) == typeof(double)
                    ? KernelMethods.Create<Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int>>(typeof(ReductionKernels), nameof(ReductionKernels.WholeDouble))
                    : KernelMethods.Create<Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int>>(
                        typeof(ReductionKernels), nameof(ReductionKernels.WholeSingle), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(config, x, y, destination, (int)kind, Strict<T>(accumulation));
    }

    private void RowWise<T>(ReductionKind kind, ArrayView<T> matrix, int rows, int columns, ArrayView<T> destination, Accumulation accumulation)
        where T : unmanaged
    {
        DeviceArguments.Matrix(matrix, rows, columns, nameof(matrix));
        DeviceArguments.Length(destination, rows, nameof(destination), $"one value per row, rows = {rows}");
        DeviceArguments.NoOverlap(matrix, destination, nameof(matrix), nameof(destination));
        DeviceArguments.Defined(accumulation, nameof(accumulation));
        DeviceArguments.Indexable(matrix, nameof(matrix));
        if (rows == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>>(
            "rows",
            a => a.LoadAutoGroupedStreamKernel(KernelMethods.Create<Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>>(
                typeof(ReductionKernels), nameof(ReductionKernels.Rows), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(rows, matrix, destination, columns, (int)kind, Strict<T>(accumulation));
    }

    private void ColumnWise<T>(ReductionKind kind, ArrayView<T> matrix, int rows, int columns, ArrayView<T> destination, Accumulation accumulation)
        where T : unmanaged
    {
        DeviceArguments.Matrix(matrix, rows, columns, nameof(matrix));
        DeviceArguments.Length(destination, columns, nameof(destination), $"one value per column, columns = {columns}");
        DeviceArguments.NoOverlap(matrix, destination, nameof(matrix), nameof(destination));
        DeviceArguments.Defined(accumulation, nameof(accumulation));
        DeviceArguments.Indexable(matrix, nameof(matrix));
        if (columns == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>>(
            "columns",
            a => a.LoadAutoGroupedStreamKernel(KernelMethods.Create<Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>>(
                typeof(ReductionKernels), nameof(ReductionKernels.Columns), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(columns, matrix, destination, rows, (int)kind, Strict<T>(accumulation));
    }
}
