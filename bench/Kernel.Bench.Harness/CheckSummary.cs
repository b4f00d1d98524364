namespace Kernel.Bench.Harness;

/// <summary>
/// Compact fingerprints of large results for <see cref="IWorkload.Check"/>: row and column sums of a matrix (a wrong
/// element, a swapped transpose or a missing term changes them) and an evenly spaced sample of a long vector.
/// Sums are taken in fp64 whatever the precision. Thread-safety: stateless.
/// </summary>
public static class CheckSummary
{
    /// <summary>The sums of each row of a row-major [rows, columns] matrix.</summary>
    public static double[] RowSums<T>(ReadOnlySpan<T> matrix, int rows, int columns)
        where T : System.Numerics.INumberBase<T>
    {
        CheckShape(matrix.Length, rows, columns, nameof(matrix));
        var sums = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < columns; c++)
            {
                sum += double.CreateTruncating(matrix[(r * columns) + c]);
            }

            sums[r] = sum;
        }

        return sums;
    }

    /// <summary>The sums of each column of a row-major [rows, columns] matrix.</summary>
    public static double[] ColumnSums<T>(ReadOnlySpan<T> matrix, int rows, int columns)
        where T : System.Numerics.INumberBase<T>
    {
        CheckShape(matrix.Length, rows, columns, nameof(matrix));
        var sums = new double[columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                sums[c] += double.CreateTruncating(matrix[(r * columns) + c]);
            }
        }

        return sums;
    }

    /// <summary>Every <paramref name="stride"/>-th element starting at 0, widened to fp64.</summary>
    public static double[] Sample<T>(ReadOnlySpan<T> values, int stride)
        where T : System.Numerics.INumberBase<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var sample = new double[(values.Length + stride - 1) / stride];
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] = double.CreateTruncating(values[i * stride]);
        }

        return sample;
    }

    /// <summary>All elements widened to fp64.</summary>
    public static double[] Widen<T>(ReadOnlySpan<T> values)
        where T : System.Numerics.INumberBase<T>
        => Sample(values, 1);

    private static void CheckShape(int length, int rows, int columns, string parameterName)
    {
        if (rows < 0 || columns < 0 || (long)rows * columns != length)
        {
            throw new ArgumentException($"a [{rows}, {columns}] matrix needs {(long)rows * columns} elements; got {length}.", parameterName);
        }
    }
}
