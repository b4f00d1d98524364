using ILGPU;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Device code of the index kernels, with the semantics of <c>Kernel.Kernels.Cpu.Indexing</c>: a tensor seen as
/// outer x length x inner along one axis, indices stored as integer-valued elements, invalid indices reading as NaN,
/// scatter sums in increasing position order (float for Half and float, double for double), so the bits match the host.
/// </summary>
internal static class IndexKernels
{
    /// <summary>One thread per (o, i): the first extreme position along the axis, or the first NaN.</summary>
    public static void ArgExtremum<T, TCodec>(Index1D t, ArrayView<T> x, ArrayView<T> destination, int length, int inner, int maximum)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        int o = t / inner;
        int i = t - (o * inner);
        int start = (o * length * inner) + i;
        int best = 0;
        double bestValue = Read(codec, x[start]);
        for (int k = 1; k < length && !double.IsNaN(bestValue); k++)
        {
            double value = Read(codec, x[start + (k * inner)]);
            bool better = maximum != 0 ? value > bestValue : value < bestValue;
            if (double.IsNaN(value) || better)
            {
                best = k;
                bestValue = value;
            }
        }

        destination[t] = Write<T, TCodec>(codec, best);
    }

    /// <summary>One thread per destination element (o, j, i): source[o, index, i], NaN for an invalid index.</summary>
    public static void Gather<T, TCodec>(Index1D t, ArrayView<T> source, ArrayView<T> indices, ArrayView<T> destination, int sourceLength, int count, int inner, int shared)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        int block = count * inner;
        int o = t / block;
        int j = (t - (o * block)) / inner;
        int i = t - (o * block) - (j * inner);
        int k = Decode(Read(codec, shared != 0 ? indices[j] : indices[t]), sourceLength);
        destination[t] = k < 0 ? Write<T, TCodec>(codec, double.NaN) : source[(((o * sourceLength) + k) * inner) + i];
    }

    /// <summary>One thread per destination element (o, k, i): the sum of values[o, j, i] whose index is k, j ascending.</summary>
    public static void ScatterAdd<T, TCodec>(Index1D d, ArrayView<T> values, ArrayView<T> indices, ArrayView<T> destination, int count, int destinationLength, int inner, int shared)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        int block = destinationLength * inner;
        int o = d / block;
        int k = (d - (o * block)) / inner;
        int i = d - (o * block) - (k * inner);
        double wide = 0.0;
        float single = 0f;
        for (int j = 0; j < count; j++)
        {
            int t = (((o * count) + j) * inner) + i;
            if (Decode(Read(codec, shared != 0 ? indices[j] : indices[t]), destinationLength) == k)
            {
                if (codec.IsDouble)
                {
                    wide += codec.ToDouble(values[t]);
                }
                else
                {
                    single += codec.ToSingle(values[t]);
                }
            }
        }

        destination[d] = codec.IsDouble ? codec.FromDouble(wide) : codec.FromSingle(single);
    }

    /// <summary>The element's value, exactly, as double.</summary>
    private static double Read<T, TCodec>(TCodec codec, T value)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
        => codec.IsDouble ? codec.ToDouble(value) : codec.ToSingle(value);

    private static T Write<T, TCodec>(TCodec codec, double value)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
        => codec.IsDouble ? codec.FromDouble(value) : codec.FromSingle((float)value);

    /// <summary>The position an index names, or -1 when it is not an integer in [0, length) (NaN fails every comparison).</summary>
    private static int Decode(double index, int length)
    {
        if (!(index >= 0.0 && index < length))
        {
            return -1;
        }

        int position = (int)index;
        return position == index ? position : -1;
    }
}
