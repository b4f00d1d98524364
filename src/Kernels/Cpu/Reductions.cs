using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Reductions over contiguous spans and row-major matrices of <see cref="Half"/>, <see cref="float"/> or
/// <see cref="double"/>. float and double accumulate in their own precision with SIMD in an order fixed for every
/// machine (<see cref="FixedOrderSum"/>: not strictly left to right, but the same bits on any CPU) and ignore
/// <see cref="Accumulation"/>. Half accumulates in
/// float and rounds once at the end (<see cref="Accumulation.Widened"/>), or, with
/// <see cref="Accumulation.Strict"/>, runs left to right in Half arithmetic, rounding every product and every
/// addition to Half. A mean is its own reduction, not a sum followed by a division: it scales the accumulator by
/// 1/n before the one rounding to T, so a Half mean whose sum exceeds the Half range is still finite when the mean
/// itself fits (Strict rounds every addition, then divides and rounds, which shows the worst case). The mean of
/// nothing is NaN (0/0). Overflow is not guarded: a sum may be ±inf. Nothing is allocated on the managed heap.
/// Stateless and thread-safe.
/// </summary>
public static class Reductions
{
    private const int Chunk = HalfChunked.ChunkLength;

    /// <summary>Sum of the elements; an empty span gives +0. NaN, or +inf plus -inf, gives NaN.</summary>
    /// <param name="x">Values.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    /// <returns>The sum, rounded to <typeparamref name="T"/>.</returns>
    public static T Sum<T>(ReadOnlySpan<T> x, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Defined(accumulation);
        if (typeof(T) == typeof(Half))
        {
            ReadOnlySpan<Half> h = MemoryMarshal.Cast<T, Half>(x);
            return FromHalf<T>(accumulation == Accumulation.Strict ? StrictSum(h) : (Half)WidenedSum(h));
        }

        CpuKernelArguments.Supported<T>();
        return FixedOrderSum.Sum(x);
    }

    /// <summary>
    /// Mean of the elements: the sum accumulated as <see cref="Sum{T}"/> does, times 1/n in the accumulator's
    /// precision (float for Half), rounded once to T. Half Strict divides the Half-rounded sum by n and rounds.
    /// An empty span gives NaN.
    /// </summary>
    /// <param name="x">Values.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    /// <returns>The mean, rounded to <typeparamref name="T"/>.</returns>
    public static T Mean<T>(ReadOnlySpan<T> x, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Defined(accumulation);
        if (typeof(T) == typeof(Half))
        {
            ReadOnlySpan<Half> h = MemoryMarshal.Cast<T, Half>(x);
            return FromHalf<T>(accumulation == Accumulation.Strict
                ? (Half)((float)StrictSum(h) / x.Length)
                : (Half)(WidenedSum(h) * (1f / x.Length)));
        }

        CpuKernelArguments.Supported<T>();
        return FixedOrderSum.Sum(x) * (T.One / T.CreateTruncating(x.Length));
    }

    /// <summary>Largest element (IEEE maximum): any NaN gives NaN; +0 counts as larger than -0.</summary>
    /// <param name="x">Values; must not be empty.</param>
    /// <returns>The maximum.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    public static T Max<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NotEmpty(x.Length, nameof(x));
        if (typeof(T) == typeof(Half))
        {
            return FromHalf<T>((Half)HalfExtreme(MemoryMarshal.Cast<T, Half>(x), max: true));
        }

        CpuKernelArguments.Supported<T>();
        return TensorPrimitives.Max(x);
    }

    /// <summary>Smallest element (IEEE minimum): any NaN gives NaN; -0 counts as smaller than +0.</summary>
    /// <param name="x">Values; must not be empty.</param>
    /// <returns>The minimum.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    public static T Min<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NotEmpty(x.Length, nameof(x));
        if (typeof(T) == typeof(Half))
        {
            return FromHalf<T>((Half)HalfExtreme(MemoryMarshal.Cast<T, Half>(x), max: false));
        }

        CpuKernelArguments.Supported<T>();
        return TensorPrimitives.Min(x);
    }

    /// <summary>
    /// Dot product sum x[i] * y[i]; empty spans give +0. Half Widened forms each product exactly in float;
    /// Half Strict rounds each product and each addition to Half.
    /// </summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector, same length.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    /// <returns>The dot product.</returns>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.SameLength(x, y);
        CpuKernelArguments.Defined(accumulation);
        if (typeof(T) == typeof(Half))
        {
            ReadOnlySpan<Half> hx = MemoryMarshal.Cast<T, Half>(x);
            ReadOnlySpan<Half> hy = MemoryMarshal.Cast<T, Half>(y);
            return FromHalf<T>(accumulation == Accumulation.Strict ? StrictDot(hx, hy) : WidenedDot(hx, hy));
        }

        CpuKernelArguments.Supported<T>();
        return FixedOrderSum.Dot(x, y);
    }

    /// <summary>Sum of x[i]^2; empty gives +0. May overflow to +inf.</summary>
    /// <param name="x">Values.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    /// <returns>The sum of squares.</returns>
    public static T SumOfSquares<T>(ReadOnlySpan<T> x, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Defined(accumulation);
        if (typeof(T) == typeof(Half))
        {
            ReadOnlySpan<Half> h = MemoryMarshal.Cast<T, Half>(x);
            return FromHalf<T>(accumulation == Accumulation.Strict ? StrictDot(h, h) : WidenedDot(h, h));
        }

        CpuKernelArguments.Supported<T>();
        return FixedOrderSum.Dot(x, x);
    }

    /// <summary>
    /// log(sum exp(x[i])) in the stable form m + log(sum exp(x[i] - m)), m = max. Empty gives -inf; all -inf gives
    /// -inf; any NaN gives NaN; otherwise any +inf gives +inf.
    /// </summary>
    /// <param name="x">Values.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    /// <returns>The log-sum-exp.</returns>
    public static T LogSumExp<T>(ReadOnlySpan<T> x, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Defined(accumulation);
        if (typeof(T) == typeof(Half))
        {
            ReadOnlySpan<Half> h = MemoryMarshal.Cast<T, Half>(x);
            return FromHalf<T>(accumulation == Accumulation.Strict ? StrictLogSumExp(h) : WidenedLogSumExp(h));
        }

        CpuKernelArguments.Supported<T>();
        return NativeLogSumExp(x);
    }

    /// <summary>destination[r] = sum of row r of a row-major rows x columns matrix (0 for zero columns).</summary>
    /// <param name="matrix">rows * columns elements, row-major.</param>
    /// <param name="rows">Number of rows (&gt;= 0).</param>
    /// <param name="columns">Number of columns (&gt;= 0).</param>
    /// <param name="destination">rows elements; must not overlap <paramref name="matrix"/>.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    public static void RowSums<T>(
        ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRowReduction(matrix, rows, columns, destination);
        CpuKernelArguments.Defined(accumulation);
        for (int r = 0; r < rows; r++)
        {
            destination[r] = Sum(matrix.Slice(r * columns, columns), accumulation);
        }
    }

    /// <summary>destination[r] = <see cref="Mean{T}"/> of row r of a row-major rows x columns matrix (NaN for zero columns).</summary>
    /// <param name="matrix">rows * columns elements, row-major.</param>
    /// <param name="rows">Number of rows (&gt;= 0).</param>
    /// <param name="columns">Number of columns (&gt;= 0).</param>
    /// <param name="destination">rows elements; must not overlap <paramref name="matrix"/>.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    public static void RowMeans<T>(
        ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRowReduction(matrix, rows, columns, destination);
        CpuKernelArguments.Defined(accumulation);
        for (int r = 0; r < rows; r++)
        {
            destination[r] = Mean(matrix.Slice(r * columns, columns), accumulation);
        }
    }

    /// <summary>
    /// destination[c] = sum of column c of a row-major rows x columns matrix, summing rows in order (the bias
    /// gradient: a sum over the batch). Zero rows give zeros.
    /// </summary>
    /// <param name="matrix">rows * columns elements, row-major.</param>
    /// <param name="rows">Number of rows (&gt;= 0).</param>
    /// <param name="columns">Number of columns (&gt;= 0).</param>
    /// <param name="destination">columns elements; must not overlap <paramref name="matrix"/>.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    public static void ColumnSums<T>(
        ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => ColumnReduction(matrix, rows, columns, destination, accumulation, mean: false);

    /// <summary>
    /// destination[c] = mean of column c of a row-major rows x columns matrix: the column sum accumulated as
    /// <see cref="ColumnSums{T}"/> does, times 1/rows in the accumulator's precision, rounded once (Half Strict:
    /// the Half-rounded sum divided by rows, rounded). Zero rows give NaN.
    /// </summary>
    /// <param name="matrix">rows * columns elements, row-major.</param>
    /// <param name="rows">Number of rows (&gt;= 0).</param>
    /// <param name="columns">Number of columns (&gt;= 0).</param>
    /// <param name="destination">columns elements; must not overlap <paramref name="matrix"/>.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    public static void ColumnMeans<T>(
        ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => ColumnReduction(matrix, rows, columns, destination, accumulation, mean: true);

    /// <summary>destination[r] = maximum of row r (IEEE maximum: NaN propagates).</summary>
    /// <param name="matrix">rows * columns elements, row-major.</param>
    /// <param name="rows">Number of rows (&gt;= 0).</param>
    /// <param name="columns">Number of columns; must be &gt;= 1 when rows &gt; 0.</param>
    /// <param name="destination">rows elements; must not overlap <paramref name="matrix"/>.</param>
    public static void RowMax<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRowReduction(matrix, rows, columns, destination);
        if (rows > 0 && columns == 0)
        {
            throw new ArgumentException($"columns ({columns}) must be at least 1 to take a row maximum.", nameof(columns));
        }

        for (int r = 0; r < rows; r++)
        {
            destination[r] = Max(matrix.Slice(r * columns, columns));
        }
    }

    /// <summary>destination[r] = <see cref="LogSumExp{T}"/> of row r (-inf for zero columns).</summary>
    /// <param name="matrix">rows * columns elements, row-major.</param>
    /// <param name="rows">Number of rows (&gt;= 0).</param>
    /// <param name="columns">Number of columns (&gt;= 0).</param>
    /// <param name="destination">rows elements; must not overlap <paramref name="matrix"/>.</param>
    /// <param name="accumulation">How Half data accumulate (ignored for float and double).</param>
    public static void RowLogSumExp<T>(
        ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRowReduction(matrix, rows, columns, destination);
        CpuKernelArguments.Defined(accumulation);
        for (int r = 0; r < rows; r++)
        {
            destination[r] = LogSumExp(matrix.Slice(r * columns, columns), accumulation);
        }
    }

    private static void ColumnReduction<T>(
        ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination, Accumulation accumulation, bool mean)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.Matrix(matrix.Length, rows, columns);
        CpuKernelArguments.Length(destination.Length, columns, nameof(destination), nameof(columns));
        CpuKernelArguments.NoOverlap(matrix, destination);
        CpuKernelArguments.Defined(accumulation);
        if (typeof(T) == typeof(Half))
        {
            ReadOnlySpan<Half> hm = MemoryMarshal.Cast<T, Half>(matrix);
            Span<Half> hd = MemoryMarshal.Cast<T, Half>(destination);
            if (accumulation == Accumulation.Strict)
            {
                StrictColumnSums(hm, rows, columns, hd, mean);
            }
            else
            {
                WidenedColumnSums(hm, rows, columns, hd, mean);
            }

            return;
        }

        CpuKernelArguments.Supported<T>();
        destination.Clear();
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(destination, matrix.Slice(r * columns, columns), destination);
        }

        if (mean)
        {
            TensorPrimitives.Multiply(destination, T.One / T.CreateTruncating(rows), destination);
        }
    }

    private static void CheckRowReduction<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
    {
        CpuKernelArguments.Matrix(matrix.Length, rows, columns);
        CpuKernelArguments.Length(destination.Length, rows, nameof(destination), nameof(rows));
        CpuKernelArguments.NoOverlap(matrix, destination);
    }

    private static void NotEmpty(int length, string name)
    {
        if (length == 0)
        {
            throw new ArgumentException($"{name} must not be empty (length 0): the extreme of no values is undefined.", name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T FromHalf<T>(Half value)
        where T : unmanaged => Unsafe.BitCast<Half, T>(value);

    private static T NativeLogSumExp<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
        {
            return T.NegativeInfinity;
        }

        T m = TensorPrimitives.Max(x);
        if (!T.IsFinite(m))
        {
            return m; // NaN, +inf, or -inf (all elements -inf)
        }

        Span<T> buffer = stackalloc T[Chunk];
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int count = Math.Min(Chunk, x.Length - i);
            Span<T> b = buffer[..count];
            TensorPrimitives.Subtract(x.Slice(i, count), m, b);
            LaneLoop.Unary(b, b, default(ExpOp));
            sum += FixedOrderSum.Sum<T>(b);
        }

        return m + T.Log(sum);
    }

    private static float WidenedSum(ReadOnlySpan<Half> x)
    {
        Span<float> buffer = stackalloc float[Chunk];
        float sum = 0f;
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int count = Math.Min(Chunk, x.Length - i);
            Span<float> b = buffer[..count];
            TensorPrimitives.ConvertToSingle(x.Slice(i, count), b);
            sum += FixedOrderSum.Sum<float>(b);
        }

        return sum;
    }

    private static Half StrictSum(ReadOnlySpan<Half> x)
    {
        Half sum = Half.Zero;
        foreach (Half v in x)
        {
            sum = (Half)((float)sum + (float)v);
        }

        return sum;
    }

    private static Half WidenedDot(ReadOnlySpan<Half> x, ReadOnlySpan<Half> y)
    {
        Span<float> a = stackalloc float[Chunk];
        Span<float> b = stackalloc float[Chunk];
        float sum = 0f;
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int count = Math.Min(Chunk, x.Length - i);
            Span<float> ac = a[..count];
            Span<float> bc = b[..count];
            TensorPrimitives.ConvertToSingle(x.Slice(i, count), ac);
            TensorPrimitives.ConvertToSingle(y.Slice(i, count), bc);
            sum += FixedOrderSum.Dot<float>(ac, bc);
        }

        return (Half)sum;
    }

    private static Half StrictDot(ReadOnlySpan<Half> x, ReadOnlySpan<Half> y)
    {
        Half sum = Half.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            Half product = (Half)((float)x[i] * (float)y[i]);
            sum = (Half)((float)sum + (float)product);
        }

        return sum;
    }

    private static float HalfExtreme(ReadOnlySpan<Half> x, bool max)
    {
        Span<float> buffer = stackalloc float[Chunk];
        float result = max ? float.NegativeInfinity : float.PositiveInfinity;
        bool first = true;
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int count = Math.Min(Chunk, x.Length - i);
            Span<float> b = buffer[..count];
            TensorPrimitives.ConvertToSingle(x.Slice(i, count), b);
            float part = max ? TensorPrimitives.Max<float>(b) : TensorPrimitives.Min<float>(b);
            result = first ? part : max ? float.Max(result, part) : float.Min(result, part);
            first = false;
        }

        return result;
    }

    private static Half WidenedLogSumExp(ReadOnlySpan<Half> x)
    {
        if (x.IsEmpty)
        {
            return Half.NegativeInfinity;
        }

        float m = HalfExtreme(x, max: true);
        if (!float.IsFinite(m))
        {
            return (Half)m;
        }

        Span<float> buffer = stackalloc float[Chunk];
        float sum = 0f;
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int count = Math.Min(Chunk, x.Length - i);
            Span<float> b = buffer[..count];
            TensorPrimitives.ConvertToSingle(x.Slice(i, count), b);
            TensorPrimitives.Subtract(b, m, b);
            LaneLoop.Unary(b, b, default(ExpOp));
            sum += FixedOrderSum.Sum<float>(b);
        }

        return (Half)(m + MathF.Log(sum));
    }

    private static Half StrictLogSumExp(ReadOnlySpan<Half> x)
    {
        if (x.IsEmpty)
        {
            return Half.NegativeInfinity;
        }

        Half m = (Half)HalfExtreme(x, max: true);
        if (!Half.IsFinite(m))
        {
            return m;
        }

        float mf = (float)m;
        Half sum = Half.Zero;
        foreach (Half v in x)
        {
            Half shifted = (Half)((float)v - mf);
            Half e = (Half)MathF.Exp((float)shifted);
            sum = (Half)((float)sum + (float)e);
        }

        Half log = (Half)MathF.Log((float)sum);
        return (Half)(mf + (float)log);
    }

    /// <summary>Column sums accumulated in float, scaled by 1/rows when <paramref name="mean"/>, rounded once.</summary>
    private static void WidenedColumnSums(ReadOnlySpan<Half> matrix, int rows, int columns, Span<Half> destination, bool mean)
    {
        Span<float> accumulator = stackalloc float[Chunk];
        Span<float> buffer = stackalloc float[Chunk];
        for (int j = 0; j < columns; j += Chunk)
        {
            int count = Math.Min(Chunk, columns - j);
            Span<float> acc = accumulator[..count];
            Span<float> b = buffer[..count];
            acc.Clear();
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.ConvertToSingle(matrix.Slice((r * columns) + j, count), b);
                TensorPrimitives.Add<float>(acc, b, acc);
            }

            if (mean)
            {
                TensorPrimitives.Multiply<float>(acc, 1f / rows, acc);
            }

            TensorPrimitives.ConvertToHalf(acc, destination.Slice(j, count));
        }
    }

    /// <summary>Column sums rounded to Half after every addition; when <paramref name="mean"/>, then divided by rows and rounded.</summary>
    private static void StrictColumnSums(ReadOnlySpan<Half> matrix, int rows, int columns, Span<Half> destination, bool mean)
    {
        destination.Clear();
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<Half> row = matrix.Slice(r * columns, columns);
            for (int j = 0; j < columns; j++)
            {
                destination[j] = (Half)((float)destination[j] + (float)row[j]);
            }
        }

        if (mean)
        {
            for (int j = 0; j < columns; j++)
            {
                destination[j] = (Half)((float)destination[j] / rows);
            }
        }
    }
}
