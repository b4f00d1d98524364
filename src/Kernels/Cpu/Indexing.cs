using System.Numerics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Index kernels along one axis of a row-major tensor seen as <c>outer x length x inner</c> (a matrix's axis 0 is
/// 1 x rows x columns, its axis 1 is rows x columns x 1, a vector's only axis is 1 x n x 1). Indices are stored as
/// the element type (an integer-valued T: exact up to 2048 in Half, 2^24 in float); an index that is negative, not
/// an integer, NaN or past the axis is invalid and reads as NaN. Sums accumulate in float for Half and float, in
/// double for double, in increasing position order, so the device kernels give the same bits.
/// Nothing is allocated. Stateless and thread-safe.
/// </summary>
public static class Indexing
{
    /// <summary>
    /// destination[o, i] = the position k along the axis of the largest (<paramref name="maximum"/>) or smallest element
    /// x[o, k, i]: the first such position on ties, the first NaN if there is one (NaN counts as the extreme, as in
    /// PyTorch's argmax).
    /// </summary>
    /// <param name="x">outer x length x inner values.</param>
    /// <param name="outer">Blocks before the axis (&gt;= 0).</param>
    /// <param name="length">Positions along the axis (&gt;= 1).</param>
    /// <param name="inner">Elements after the axis (&gt;= 0).</param>
    /// <param name="maximum">True for argmax, false for argmin.</param>
    /// <param name="destination">outer x inner positions.</param>
    public static void ArgExtremum<T>(ReadOnlySpan<T> x, int outer, int length, int inner, bool maximum, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLayout(x.Length, outer, length, inner, nameof(x));
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "length must be >= 1: an extremum needs at least one element.");
        }

        CheckLength(destination.Length, (long)outer * inner, nameof(destination));
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * length * inner + i;
                int best = 0;
                T bestValue = x[start];
                for (int k = 1; k < length && !T.IsNaN(bestValue); k++)
                {
                    T value = x[start + (k * inner)];
                    if (T.IsNaN(value) || (maximum ? value > bestValue : value < bestValue))
                    {
                        best = k;
                        bestValue = value;
                    }
                }

                destination[(o * inner) + i] = T.CreateTruncating(best);
            }
        }
    }

    /// <summary>
    /// destination[o, j, i] = source[o, index, i] with index = indices[j] (<paramref name="shared"/>: one index list for
    /// all, PyTorch's index_select) or indices[o, j, i] (PyTorch's gather). Values are copied bit for bit; an invalid
    /// index gives NaN.
    /// </summary>
    /// <param name="source">outer x sourceLength x inner values.</param>
    /// <param name="outer">Blocks before the axis.</param>
    /// <param name="sourceLength">Positions along the source's axis.</param>
    /// <param name="inner">Elements after the axis.</param>
    /// <param name="indices">count indices (shared) or outer x count x inner.</param>
    /// <param name="shared">Whether one index list serves every block.</param>
    /// <param name="destination">outer x count x inner values; must not overlap source or indices.</param>
    public static void Gather<T>(ReadOnlySpan<T> source, int outer, int sourceLength, int inner, ReadOnlySpan<T> indices, bool shared, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLayout(source.Length, outer, sourceLength, inner, nameof(source));
        if (Empty(outer, inner, destination.Length, nameof(destination)))
        {
            return;
        }

        int count = CountOf(destination.Length, outer, inner, nameof(destination));
        CheckLength(indices.Length, shared ? count : destination.Length, nameof(indices));
        CpuKernelArguments.NoOverlap(source, destination);
        CpuKernelArguments.NoOverlap(indices, destination);
        int block = count * inner;
        for (int t = 0; t < destination.Length; t++)
        {
            int o = t / block;
            int j = (t - (o * block)) / inner;
            int i = t - (o * block) - (j * inner);
            int k = Decode(shared ? indices[j] : indices[t], sourceLength);
            destination[t] = k < 0 ? T.NaN : source[(((o * sourceLength) + k) * inner) + i];
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Gather"/>: destination[o, k, i] = the sum of values[o, j, i] over the j (ascending)
    /// whose index is k; positions no index names get +0. Invalid indices contribute nowhere.
    /// </summary>
    /// <param name="values">outer x count x inner values.</param>
    /// <param name="outer">Blocks before the axis.</param>
    /// <param name="count">Positions along the values' axis.</param>
    /// <param name="inner">Elements after the axis.</param>
    /// <param name="indices">count indices (shared) or outer x count x inner.</param>
    /// <param name="shared">Whether one index list serves every block.</param>
    /// <param name="destination">outer x destinationLength x inner sums; must not overlap values or indices.</param>
    public static void ScatterAdd<T>(ReadOnlySpan<T> values, int outer, int count, int inner, ReadOnlySpan<T> indices, bool shared, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLayout(values.Length, outer, count, inner, nameof(values));
        if (Empty(outer, inner, destination.Length, nameof(destination)))
        {
            return;
        }

        int destinationLength = CountOf(destination.Length, outer, inner, nameof(destination));
        CheckLength(indices.Length, shared ? count : values.Length, nameof(indices));
        CpuKernelArguments.NoOverlap(values, destination);
        CpuKernelArguments.NoOverlap(indices, destination);
        int block = destinationLength * inner;
        for (int d = 0; d < destination.Length; d++)
        {
            int o = d / block;
            int k = (d - (o * block)) / inner;
            int i = d - (o * block) - (k * inner);
            destination[d] = typeof(T) == typeof(double)
                ? T.CreateTruncating(SumInDouble(values, indices, shared, o, k, i, count, inner, destinationLength))
                : T.CreateTruncating(SumInSingle(values, indices, shared, o, k, i, count, inner, destinationLength));
        }
    }

    /// <summary>The position an index element names, or -1 when it is not an integer in [0, length).</summary>
    internal static int Decode<T>(T index, int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double value = double.CreateTruncating(index);
        return value >= 0 && value < length && value == Math.Floor(value) ? (int)value : -1;
    }

    private static float SumInSingle<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> indices, bool shared, int o, int k, int i, int count, int inner, int destinationLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        float sum = 0f;
        for (int j = 0; j < count; j++)
        {
            int t = (((o * count) + j) * inner) + i;
            if (Decode(shared ? indices[j] : indices[t], destinationLength) == k)
            {
                sum += float.CreateTruncating(values[t]);
            }
        }

        return sum;
    }

    private static double SumInDouble<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> indices, bool shared, int o, int k, int i, int count, int inner, int destinationLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0.0;
        for (int j = 0; j < count; j++)
        {
            int t = (((o * count) + j) * inner) + i;
            if (Decode(shared ? indices[j] : indices[t], destinationLength) == k)
            {
                sum += double.CreateTruncating(values[t]);
            }
        }

        return sum;
    }

    /// <summary>True when outer x inner is 0, so there is nothing to do (the destination must then be empty).</summary>
    private static bool Empty(int outer, int inner, int destinationLength, string name)
    {
        if ((long)outer * inner != 0)
        {
            return false;
        }

        CheckLength(destinationLength, 0, name);
        return true;
    }

    private static void CheckLayout(int actual, int outer, int length, int inner, string name)
    {
        if (outer < 0 || length < 0 || inner < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}: outer ({outer}), length ({length}) and inner ({inner}) must be >= 0.");
        }

        CheckLength(actual, (long)outer * length * inner, name);
    }

    /// <summary>Positions along the axis of a tensor of <paramref name="total"/> elements (outer x inner must be positive).</summary>
    private static int CountOf(int total, int outer, int inner, string name)
    {
        long block = (long)outer * inner;
        if (total % block != 0)
        {
            throw new ArgumentException($"{name} has {total} elements; it must be a multiple of outer x inner = {block}.", name);
        }

        return (int)(total / block);
    }

    private static void CheckLength(int actual, long required, string name)
    {
        if (actual != required)
        {
            throw new ArgumentException($"{name} has {actual} elements; {required} are required.", name);
        }
    }
}
