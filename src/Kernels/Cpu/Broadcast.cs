using System.Numerics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Broadcasting a row (length columns) or a column (length rows) over a row-major rows x columns matrix, for
/// <see cref="Half"/>, <see cref="float"/> and <see cref="double"/>. Arithmetic follows <see cref="Elementwise"/>
/// (Half computed in float, rounded once). Nothing is allocated on the managed heap. Stateless and thread-safe.
/// </summary>
public static class Broadcast
{
    /// <summary>destination[r, c] = matrix[r, c] + row[c] (e.g. adding a bias to every sample of a batch).</summary>
    /// <param name="matrix">rows * columns elements, row-major.</param>
    /// <param name="rows">Number of rows (&gt;= 0).</param>
    /// <param name="columns">Number of columns (&gt;= 0).</param>
    /// <param name="row">columns elements.</param>
    /// <param name="destination">rows * columns elements; may alias <paramref name="matrix"/> exactly, must not overlap <paramref name="row"/>.</param>
    public static void AddRow<T>(ReadOnlySpan<T> matrix, int rows, int columns, ReadOnlySpan<T> row, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRowOp(matrix, rows, columns, row, destination);
        for (int r = 0; r < rows; r++)
        {
            int offset = r * columns;
            Elementwise.Add(matrix.Slice(offset, columns), row, destination.Slice(offset, columns));
        }
    }

    /// <summary>destination[r, c] = matrix[r, c] * row[c].</summary>
    /// <param name="matrix">rows * columns elements, row-major.</param>
    /// <param name="rows">Number of rows (&gt;= 0).</param>
    /// <param name="columns">Number of columns (&gt;= 0).</param>
    /// <param name="row">columns elements.</param>
    /// <param name="destination">rows * columns elements; may alias <paramref name="matrix"/> exactly, must not overlap <paramref name="row"/>.</param>
    public static void MultiplyRow<T>(ReadOnlySpan<T> matrix, int rows, int columns, ReadOnlySpan<T> row, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRowOp(matrix, rows, columns, row, destination);
        for (int r = 0; r < rows; r++)
        {
            int offset = r * columns;
            Elementwise.Multiply(matrix.Slice(offset, columns), row, destination.Slice(offset, columns));
        }
    }

    /// <summary>Each of the <paramref name="rows"/> rows of destination (length rows * row.Length) becomes a copy of <paramref name="row"/>.</summary>
    /// <param name="row">The row to repeat.</param>
    /// <param name="rows">Number of rows (&gt;= 0).</param>
    /// <param name="destination">rows * row.Length elements; must not overlap <paramref name="row"/>.</param>
    public static void BroadcastRow<T>(ReadOnlySpan<T> row, int rows, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.NonNegative(rows);
        CheckProduct(destination.Length, nameof(destination), rows, row.Length, "rows * row.Length");
        CpuKernelArguments.NoOverlap(row, destination);
        int columns = row.Length;
        for (int r = 0; r < rows; r++)
        {
            row.CopyTo(destination.Slice(r * columns, columns));
        }
    }

    /// <summary>destination[i * columns + j] = column[i]: each row i of destination is filled with column[i].</summary>
    /// <param name="column">One value per row.</param>
    /// <param name="columns">Number of columns (&gt;= 0).</param>
    /// <param name="destination">column.Length * columns elements; must not overlap <paramref name="column"/>.</param>
    public static void BroadcastColumn<T>(ReadOnlySpan<T> column, int columns, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.NonNegative(columns);
        CheckProduct(destination.Length, nameof(destination), column.Length, columns, "column.Length * columns");
        CpuKernelArguments.NoOverlap(column, destination);
        for (int i = 0; i < column.Length; i++)
        {
            destination.Slice(i * columns, columns).Fill(column[i]);
        }
    }

    private static void CheckRowOp<T>(ReadOnlySpan<T> matrix, int rows, int columns, ReadOnlySpan<T> row, Span<T> destination)
    {
        int count = CpuKernelArguments.Matrix(matrix.Length, rows, columns);
        CpuKernelArguments.Length(row.Length, columns, nameof(row), nameof(columns));
        CpuKernelArguments.Length(destination.Length, count, nameof(destination), "rows * columns");
        CpuKernelArguments.NoPartialOverlap(matrix, destination, nameof(matrix), nameof(destination));
        CpuKernelArguments.NoOverlap(row, destination);
    }

    private static void CheckProduct(int destinationLength, string destinationName, int a, int b, string what)
    {
        long expected = (long)a * b;
        if (destinationLength != expected)
        {
            throw new ArgumentException(
                $"Length of {destinationName} ({destinationLength}) must equal {what} ({a} * {b} = {expected}).", destinationName);
        }
    }
}
