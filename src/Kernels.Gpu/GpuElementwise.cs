using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Elementwise kernels on device views of float, double or ILGPU Half, with the semantics of
/// <c>Kernel.Kernels.Cpu.Elementwise</c> and <c>Kernel.Kernels.Cpu.Broadcast</c>: Half computes in float and rounds
/// once; float transcendental functions compute in double and round once. A destination may be an input view
/// itself (in place) but must not partially overlap one. Launches are asynchronous on the device's stream.
/// Thread-safety: as its <see cref="GpuDevice"/> (one thread at a time).
/// </summary>
public sealed class GpuElementwise
{
    private readonly GpuDevice device;

    internal GpuElementwise(GpuDevice device) => this.device = device;

    /// <summary>destination[i] = op(x[i]).</summary>
    /// <param name="op">The function.</param>
    /// <param name="x">Input.</param>
    /// <param name="destination">Output, x's length; may be x.</param>
    public void Unary<T>(UnaryOp op, ArrayView<T> x, ArrayView<T> destination)
        where T : unmanaged
    {
        if (!Enum.IsDefined(op))
        {
            throw new ArgumentException($"op is {(int)op}; it is not a defined UnaryOp.", nameof(op));
        }

        DeviceArguments.Output(x, destination, nameof(x), nameof(destination));
        DeviceArguments.Indexable(x, nameof(x));
        if (x.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, int>>(
            "unary",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, int>>(nameof(ElementwiseKernels.Unary), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(x.IntLength, x, destination, (int)op);
    }

    /// <summary>destination[i] = op(x[i], y[i]).</summary>
    /// <param name="op">The function.</param>
    /// <param name="x">First input.</param>
    /// <param name="y">Second input, x's length.</param>
    /// <param name="destination">Output, x's length; may be x or y.</param>
    public void Binary<T>(BinaryOp op, ArrayView<T> x, ArrayView<T> y, ArrayView<T> destination)
        where T : unmanaged
    {
        if (!Enum.IsDefined(op))
        {
            throw new ArgumentException($"op is {(int)op}; it is not a defined BinaryOp.", nameof(op));
        }

        DeviceArguments.SameLength(x, y, nameof(x), nameof(y));
        DeviceArguments.Output(x, destination, nameof(x), nameof(destination));
        DeviceArguments.NoPartialOverlap(y, destination, nameof(y), nameof(destination));
        DeviceArguments.Indexable(x, nameof(x));
        if (x.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int>>(
            "binary",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int>>(nameof(ElementwiseKernels.Binary), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(x.IntLength, x, y, destination, (int)op);
    }

    /// <summary>destination[i] = op(x[i], scalar).</summary>
    /// <param name="op">The function.</param>
    /// <param name="x">Input.</param>
    /// <param name="scalar">The constant.</param>
    /// <param name="destination">Output, x's length; may be x.</param>
    public void Scalar<T>(ScalarOp op, ArrayView<T> x, T scalar, ArrayView<T> destination)
        where T : unmanaged
    {
        if (!Enum.IsDefined(op))
        {
            throw new ArgumentException($"op is {(int)op}; it is not a defined ScalarOp.", nameof(op));
        }

        DeviceArguments.Output(x, destination, nameof(x), nameof(destination));
        DeviceArguments.Indexable(x, nameof(x));
        double s = KernelMethods.ToDouble(scalar);
        if (x.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, int, double>>(
            "scalar",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, int, double>>(nameof(ElementwiseKernels.Scalar), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(x.IntLength, x, destination, (int)op, s);
    }

    /// <summary>destination[i] = x[i] clamped to [min, max]; NaN stays NaN.</summary>
    /// <param name="x">Input.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound, &gt;= min; neither may be NaN.</param>
    /// <param name="destination">Output, x's length; may be x.</param>
    public void Clamp<T>(ArrayView<T> x, T min, T max, ArrayView<T> destination)
        where T : unmanaged
    {
        double lo = KernelMethods.ToDouble(min);
        double hi = KernelMethods.ToDouble(max);
        if (!(lo <= hi))
        {
            throw new ArgumentException($"min is {lo} and max is {hi}; clamp needs min <= max and neither NaN.", nameof(min));
        }

        Range(x, destination, mask: false, lo, hi);
    }

    /// <summary>destination[i] = 1 where min &lt;= x[i] &lt;= max, else 0 (NaN gives 0; min &gt; max gives all zeros).</summary>
    /// <param name="x">Input.</param>
    /// <param name="min">Inclusive lower bound.</param>
    /// <param name="max">Inclusive upper bound.</param>
    /// <param name="destination">Output, x's length; may be x.</param>
    public void InRangeMask<T>(ArrayView<T> x, T min, T max, ArrayView<T> destination)
        where T : unmanaged
        => Range(x, destination, mask: true, KernelMethods.ToDouble(min), KernelMethods.ToDouble(max));

    /// <summary>destination[i] = x[i] * y[i] + addend[i] with one rounding (Half: fused in float, rounded once).</summary>
    /// <param name="x">First factor.</param>
    /// <param name="y">Second factor, x's length.</param>
    /// <param name="addend">Addend, x's length.</param>
    /// <param name="destination">Output, x's length; may be any input.</param>
    public void FusedMultiplyAdd<T>(ArrayView<T> x, ArrayView<T> y, ArrayView<T> addend, ArrayView<T> destination)
        where T : unmanaged
    {
        CheckTernary(x, y, addend, destination);
        if (x.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>>>(
            "fma",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>>>(
                nameof(ElementwiseKernels.FusedMultiplyAdd), typeof(T), GpuDevice.CodecOf<T>(), device.MathType)));
        kernel(x.IntLength, x, y, addend, destination);
    }

    /// <summary>destination[i] = condition[i] != 0 ? whenTrue[i] : whenFalse[i] (NaN selects whenTrue).</summary>
    /// <param name="condition">Selector.</param>
    /// <param name="whenTrue">Taken where the condition is nonzero.</param>
    /// <param name="whenFalse">Taken where the condition is zero.</param>
    /// <param name="destination">Output; may be any input.</param>
    public void Select<T>(ArrayView<T> condition, ArrayView<T> whenTrue, ArrayView<T> whenFalse, ArrayView<T> destination)
        where T : unmanaged
    {
        CheckTernary(condition, whenTrue, whenFalse, destination);
        if (condition.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>>>(
            "select",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>>>(
                nameof(ElementwiseKernels.Select), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(condition.IntLength, condition, whenTrue, whenFalse, destination);
    }

    /// <summary>destination[r, c] = matrix[r, c] + row[c] for a row-major rows x columns matrix.</summary>
    /// <param name="matrix">rows x columns.</param>
    /// <param name="rows">Rows (&gt;= 0).</param>
    /// <param name="columns">Columns (&gt;= 0).</param>
    /// <param name="row">columns elements.</param>
    /// <param name="destination">rows x columns; may be matrix.</param>
    public void AddRow<T>(ArrayView<T> matrix, int rows, int columns, ArrayView<T> row, ArrayView<T> destination)
        where T : unmanaged
        => Row(matrix, rows, columns, row, destination, multiply: false);

    /// <summary>destination[r, c] = matrix[r, c] * row[c] for a row-major rows x columns matrix.</summary>
    /// <param name="matrix">rows x columns.</param>
    /// <param name="rows">Rows (&gt;= 0).</param>
    /// <param name="columns">Columns (&gt;= 0).</param>
    /// <param name="row">columns elements.</param>
    /// <param name="destination">rows x columns; may be matrix.</param>
    public void MultiplyRow<T>(ArrayView<T> matrix, int rows, int columns, ArrayView<T> row, ArrayView<T> destination)
        where T : unmanaged
        => Row(matrix, rows, columns, row, destination, multiply: true);

    /// <summary>destination (rows x row.Length) = row repeated on every row.</summary>
    /// <param name="row">The row.</param>
    /// <param name="rows">Copies (&gt;= 0).</param>
    /// <param name="destination">rows * row.Length elements; must not overlap row.</param>
    public void BroadcastRow<T>(ArrayView<T> row, int rows, ArrayView<T> destination)
        where T : unmanaged
    {
        DeviceArguments.NonNegative(rows, nameof(rows));
        DeviceArguments.Length(destination, rows * row.Length, nameof(destination), $"rows x row length = {rows} x {row.Length}");
        Repeat(row, destination, byRow: true);
    }

    /// <summary>destination (column.Length x columns) = column repeated across every column.</summary>
    /// <param name="column">The column.</param>
    /// <param name="columns">Copies (&gt;= 0).</param>
    /// <param name="destination">column.Length * columns elements; must not overlap column.</param>
    public void BroadcastColumn<T>(ArrayView<T> column, int columns, ArrayView<T> destination)
        where T : unmanaged
    {
        DeviceArguments.NonNegative(columns, nameof(columns));
        DeviceArguments.Length(destination, column.Length * columns, nameof(destination), $"column length x columns = {column.Length} x {columns}");
        Repeat(column, destination, byRow: false, columns);
    }

    /// <summary>destination[i] = value for every element.</summary>
    /// <param name="destination">Output.</param>
    /// <param name="value">The value, stored bit for bit.</param>
    public void Fill<T>(ArrayView<T> destination, T value)
        where T : unmanaged
    {
        GpuDevice.CodecOf<T>();
        DeviceArguments.Indexable(destination, nameof(destination));
        if (destination.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, T>>(
            "fill",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, T>>(nameof(ElementwiseKernels.Fill), typeof(T))));
        kernel(destination.IntLength, destination, value);
    }

    /// <summary>
    /// Copies a block of columns between two row-major matrices with the same number of rows: for every row r and
    /// j in [0, count), destination[r, destinationStart + j] = source[r, sourceStart + j]. Other elements of
    /// destination are left as they are.
    /// </summary>
    /// <param name="source">rows x sourceColumns.</param>
    /// <param name="sourceColumns">Columns of source (&gt;= 0).</param>
    /// <param name="sourceStart">First copied column of source; sourceStart + count &lt;= sourceColumns.</param>
    /// <param name="destination">rows x destinationColumns; must not overlap source.</param>
    /// <param name="destinationColumns">Columns of destination (&gt;= 0).</param>
    /// <param name="destinationStart">First written column of destination; destinationStart + count &lt;= destinationColumns.</param>
    /// <param name="rows">Rows of both (&gt;= 0).</param>
    /// <param name="count">Columns copied (&gt;= 0).</param>
    public void CopyColumns<T>(
        ArrayView<T> source, int sourceColumns, int sourceStart, ArrayView<T> destination, int destinationColumns, int destinationStart, int rows, int count)
        where T : unmanaged
    {
        GpuDevice.CodecOf<T>();
        DeviceArguments.NonNegative(count, nameof(count));
        DeviceArguments.Matrix(source, rows, sourceColumns, nameof(source));
        DeviceArguments.Matrix(destination, rows, destinationColumns, nameof(destination));
        ColumnBlock(sourceStart, count, sourceColumns, nameof(sourceStart));
        ColumnBlock(destinationStart, count, destinationColumns, nameof(destinationStart));
        DeviceArguments.NoOverlap(source, destination, nameof(source), nameof(destination));
        DeviceArguments.Indexable(source, nameof(source));
        DeviceArguments.Indexable(destination, nameof(destination));
        if (rows == 0 || count == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int, int>>(
            "copy-columns",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int, int, int>>(
                nameof(ElementwiseKernels.CopyColumns), typeof(T))));
        kernel(rows * count, source, destination, count, sourceColumns, sourceStart, destinationColumns, destinationStart);
    }

    private static void ColumnBlock(int start, int count, int columns, string name)
    {
        if (start < 0 || count > columns || start > columns - count)
        {
            throw new ArgumentException(
                $"{name} is {start}; a block of {count} columns must lie inside the matrix's {columns} columns (start in [0, columns - count]).", name);
        }
    }

    private static TDelegate Method<TDelegate>(string name, params Type[] typeArguments)
        where TDelegate : Delegate
        => KernelMethods.Create<TDelegate>(typeof(ElementwiseKernels), name, typeArguments);

    private void Range<T>(ArrayView<T> x, ArrayView<T> destination, bool mask, double min, double max)
        where T : unmanaged
    {
        DeviceArguments.Output(x, destination, nameof(x), nameof(destination));
        DeviceArguments.Indexable(x, nameof(x));
        if (x.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, int, double, double>>(
            "range",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, int, double, double>>(
                nameof(ElementwiseKernels.Range), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(x.IntLength, x, destination, mask ? 1 : 0, min, max);
    }

    private void Row<T>(ArrayView<T> matrix, int rows, int columns, ArrayView<T> row, ArrayView<T> destination, bool multiply)
        where T : unmanaged
    {
        DeviceArguments.Matrix(matrix, rows, columns, nameof(matrix));
        DeviceArguments.Length(row, columns, nameof(row), $"one value per column, columns = {columns}");
        DeviceArguments.Output(matrix, destination, nameof(matrix), nameof(destination));
        DeviceArguments.NoOverlap(row, destination, nameof(row), nameof(destination));
        DeviceArguments.Indexable(matrix, nameof(matrix));
        if (matrix.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int>>(
            "row",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int>>(
                nameof(ElementwiseKernels.Row), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(matrix.IntLength, matrix, row, destination, multiply ? 1 : 0);
    }

    private void Repeat<T>(ArrayView<T> source, ArrayView<T> destination, bool byRow, int columns = 0, [CallerArgumentExpression(nameof(source))] string sourceName = "")
        where T : unmanaged
    {
        DeviceArguments.NoOverlap(source, destination, sourceName, nameof(destination));
        DeviceArguments.Indexable(destination, nameof(destination));
        if (destination.Length == 0)
        {
            return;
        }

        GpuDevice.CodecOf<T>();
        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, int, int>>(
            "repeat",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, int, int>>(nameof(ElementwiseKernels.Repeat), typeof(T))));
        kernel(destination.IntLength, source, destination, byRow ? source.IntLength : columns, byRow ? 1 : 0);
    }

    private static void CheckTernary<T>(ArrayView<T> x, ArrayView<T> y, ArrayView<T> z, ArrayView<T> destination, [CallerArgumentExpression(nameof(x))] string xName = "", [CallerArgumentExpression(nameof(y))] string yName = "", [CallerArgumentExpression(nameof(z))] string zName = "")
        where T : unmanaged
    {
        DeviceArguments.SameLength(x, y, xName, yName);
        DeviceArguments.SameLength(x, z, xName, zName);
        DeviceArguments.Output(x, destination, xName, nameof(destination));
        DeviceArguments.NoPartialOverlap(y, destination, yName, nameof(destination));
        DeviceArguments.NoPartialOverlap(z, destination, zName, nameof(destination));
        DeviceArguments.Indexable(x, xName);
    }
}
