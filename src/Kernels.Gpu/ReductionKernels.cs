using ILGPU;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Device code of the reductions. Whole-array reductions run in one group of up to <see cref="GroupSize"/> threads
/// (a power of two; the launch decides, see <see cref="GpuDevice.GroupSize"/>): each thread accumulates a strided
/// share, then a shared-memory tree combines the shares (a fixed order for a given group size, so a result is
/// reproducible run to run). Row reductions run one thread per row, column sums one thread per column, each adding
/// left to right (rows in order for columns, like the CPU). fp16 strict accumulation runs left to right in fp16
/// arithmetic, as the CPU's strict mode does. A mean accumulates as the sum does and scales the accumulator by 1/n
/// before the one rounding (strict: divides the fp16-rounded sum by n, then rounds), as the CPU does. Empty inputs
/// give the CPU kernels' values (sum 0, mean NaN, log-sum-exp -inf).
/// </summary>
internal static class ReductionKernels
{
    /// <summary>The most threads of the single reduction group: the shared-memory shares are sized for it.</summary>
    public const int GroupSize = 256;

    /// <summary>float and Half elements, float accumulation; result[0] receives the value.</summary>
    public static void WholeSingle<T, TCodec>(ArrayView<T> x, ArrayView<T> y, ArrayView<T> result, int kind, int strict)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        ArrayView<float> shares = SharedMemory.Allocate<float>(GroupSize);
        int t = Group.IdxX;
        int size = Group.DimX;
        int n = x.IntLength;
        if (strict != 0)
        {
            if (t == 0)
            {
                result[0] = codec.FromSingle(StrictSingle<T, TCodec>(x, y, 0, 1, n, kind));
            }

            return;
        }

        float share = kind == (int)ReductionKind.Max || kind == (int)ReductionKind.Min || kind == (int)ReductionKind.LogSumExp
            ? (kind == (int)ReductionKind.Min ? float.PositiveInfinity : float.NegativeInfinity)
            : 0f;
        for (int i = t; i < n; i += size)
        {
            float v = codec.ToSingle(x[i]);
            share = kind switch
            {
                (int)ReductionKind.Sum or (int)ReductionKind.Mean => share + v,
                (int)ReductionKind.SumOfSquares => share + (v * v),
                (int)ReductionKind.Dot => share + (v * codec.ToSingle(y[i])),
                (int)ReductionKind.Min => ElementMath.MinimumF(share, v),
                _ => ElementMath.MaximumF(share, v),
            };
        }

        shares[t] = share;
        Group.Barrier();
        bool extreme = kind == (int)ReductionKind.Max || kind == (int)ReductionKind.Min || kind == (int)ReductionKind.LogSumExp;
        for (int stride = size / 2; stride > 0; stride >>= 1)
        {
            if (t < stride)
            {
                float other = shares[t + stride];
                shares[t] = !extreme ? shares[t] + other
                    : kind == (int)ReductionKind.Min ? ElementMath.MinimumF(shares[t], other) : ElementMath.MaximumF(shares[t], other);
            }

            Group.Barrier();
        }

        if (kind != (int)ReductionKind.LogSumExp)
        {
            if (t == 0)
            {
                result[0] = codec.FromSingle(kind == (int)ReductionKind.Mean ? shares[0] * (1f / n) : shares[0]);
            }

            return;
        }

        // log-sum-exp: m + log(sum exp(x - m)); an empty, all -inf, +inf or NaN input gives m itself.
        float m = shares[0];
        Group.Barrier();
        bool finite = !float.IsNaN(m) && !float.IsInfinity(m);
        float sum = 0f;
        for (int i = t; finite && i < n; i += size)
        {
            sum += ElementMath.ExpF(codec.ToSingle(x[i]) - m);
        }

        shares[t] = sum;
        Group.Barrier();
        for (int stride = size / 2; stride > 0; stride >>= 1)
        {
            if (t < stride)
            {
                shares[t] += shares[t + stride];
            }

            Group.Barrier();
        }

        if (t == 0)
        {
            result[0] = codec.FromSingle(finite ? m + MathF.Log(shares[0]) : m);
        }
    }

    /// <summary>double elements and accumulation; result[0] receives the value.</summary>
    public static void WholeDouble(ArrayView<double> x, ArrayView<double> y, ArrayView<double> result, int kind, int strict)
    {
        ArrayView<double> shares = SharedMemory.Allocate<double>(GroupSize);
        int t = Group.IdxX;
        int size = Group.DimX;
        int n = x.IntLength;
        bool extreme = kind == (int)ReductionKind.Max || kind == (int)ReductionKind.Min || kind == (int)ReductionKind.LogSumExp;
        double share = extreme ? (kind == (int)ReductionKind.Min ? double.PositiveInfinity : double.NegativeInfinity) : 0.0;
        for (int i = t; i < n; i += size)
        {
            double v = x[i];
            share = kind switch
            {
                (int)ReductionKind.Sum or (int)ReductionKind.Mean => share + v,
                (int)ReductionKind.SumOfSquares => share + (v * v),
                (int)ReductionKind.Dot => share + (v * y[i]),
                (int)ReductionKind.Min => ElementMath.MinimumD(share, v),
                _ => ElementMath.MaximumD(share, v),
            };
        }

        shares[t] = share;
        Group.Barrier();
        for (int stride = size / 2; stride > 0; stride >>= 1)
        {
            if (t < stride)
            {
                double other = shares[t + stride];
                shares[t] = !extreme ? shares[t] + other
                    : kind == (int)ReductionKind.Min ? ElementMath.MinimumD(shares[t], other) : ElementMath.MaximumD(shares[t], other);
            }

            Group.Barrier();
        }

        if (kind != (int)ReductionKind.LogSumExp)
        {
            if (t == 0)
            {
                result[0] = kind == (int)ReductionKind.Mean ? shares[0] * (1.0 / n) : shares[0];
            }

            return;
        }

        double m = shares[0];
        Group.Barrier();
        bool finite = !double.IsNaN(m) && !double.IsInfinity(m);
        double sum = 0.0;
        for (int i = t; finite && i < n; i += size)
        {
            sum += Math.Exp(x[i] - m);
        }

        shares[t] = sum;
        Group.Barrier();
        for (int stride = size / 2; stride > 0; stride >>= 1)
        {
            if (t < stride)
            {
                shares[t] += shares[t + stride];
            }

            Group.Barrier();
        }

        if (t == 0)
        {
            result[0] = finite ? m + Math.Log(shares[0]) : m;
        }
    }

    /// <summary>One thread per row r of a rows x columns matrix: result[r] = reduction of the row, left to right.</summary>
    public static void Rows<T, TCodec>(Index1D r, ArrayView<T> matrix, ArrayView<T> result, int columns, int kind, int strict)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        if (codec.IsDouble)
        {
            result[r] = codec.FromDouble(SequentialDouble<T, TCodec>(matrix, r * columns, columns, kind));
        }
        else
        {
            result[r] = codec.FromSingle(strict != 0
                ? StrictSingle<T, TCodec>(matrix, matrix, r * columns, 1, columns, kind)
                : SequentialSingle<T, TCodec>(matrix, r * columns, columns, kind));
        }
    }

    /// <summary>One thread per column j: result[j] = sum (or mean, by kind) of column j over the rows in order.</summary>
    public static void Columns<T, TCodec>(Index1D j, ArrayView<T> matrix, ArrayView<T> result, int rows, int kind, int strict)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        int columns = result.IntLength;
        if (codec.IsDouble)
        {
            double sum = 0.0;
            for (int r = 0; r < rows; r++)
            {
                sum += codec.ToDouble(matrix[(r * columns) + j]);
            }

            result[j] = codec.FromDouble(kind == (int)ReductionKind.Mean ? sum * (1.0 / rows) : sum);
        }
        else
        {
            result[j] = codec.FromSingle(strict != 0
                ? StrictSingle<T, TCodec>(matrix, matrix, j, columns, rows, kind)
                : SequentialSingle<T, TCodec>(matrix, j, rows, kind, columns));
        }
    }

    /// <summary>Left-to-right float reduction of count elements from start with the given stride.</summary>
    private static float SequentialSingle<T, TCodec>(ArrayView<T> x, int start, int count, int kind, int stride = 1)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        if (kind == (int)ReductionKind.Sum || kind == (int)ReductionKind.Mean)
        {
            float sum = 0f;
            for (int i = 0; i < count; i++)
            {
                sum += codec.ToSingle(x[start + (i * stride)]);
            }

            return kind == (int)ReductionKind.Mean ? sum * (1f / count) : sum;
        }

        float m = float.NegativeInfinity;
        for (int i = 0; i < count; i++)
        {
            m = ElementMath.MaximumF(m, codec.ToSingle(x[start + i]));
        }

        if (kind == (int)ReductionKind.Max || float.IsNaN(m) || float.IsInfinity(m))
        {
            return m;
        }

        float total = 0f;
        for (int i = 0; i < count; i++)
        {
            total += ElementMath.ExpF(codec.ToSingle(x[start + i]) - m);
        }

        return m + MathF.Log(total);
    }

    private static double SequentialDouble<T, TCodec>(ArrayView<T> x, int start, int count, int kind)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        if (kind == (int)ReductionKind.Sum || kind == (int)ReductionKind.Mean)
        {
            double sum = 0.0;
            for (int i = 0; i < count; i++)
            {
                sum += codec.ToDouble(x[start + i]);
            }

            return kind == (int)ReductionKind.Mean ? sum * (1.0 / count) : sum;
        }

        double m = double.NegativeInfinity;
        for (int i = 0; i < count; i++)
        {
            m = ElementMath.MaximumD(m, codec.ToDouble(x[start + i]));
        }

        if (kind == (int)ReductionKind.Max || double.IsNaN(m) || double.IsInfinity(m))
        {
            return m;
        }

        double total = 0.0;
        for (int i = 0; i < count; i++)
        {
            total += Math.Exp(codec.ToDouble(x[start + i]) - m);
        }

        return m + Math.Log(total);
    }

    /// <summary>
    /// fp16 strict accumulation, left to right, rounding every product and every addition to fp16 (the CPU's strict
    /// mode). Log-sum-exp: the max, then fp16-rounded shifts, exps (float exp) and sums, then m + log(sum) rounded.
    /// Mean: the fp16-rounded sum divided by count, which the caller rounds.
    /// </summary>
    private static float StrictSingle<T, TCodec>(ArrayView<T> x, ArrayView<T> y, int start, int stride, int count, int kind)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        if (kind == (int)ReductionKind.Max || kind == (int)ReductionKind.Min)
        {
            // Extremes do not accumulate: the same as the widened path.
            float e = kind == (int)ReductionKind.Min ? float.PositiveInfinity : float.NegativeInfinity;
            for (int i = 0; i < count; i++)
            {
                float v = codec.ToSingle(x[start + (i * stride)]);
                e = kind == (int)ReductionKind.Min ? ElementMath.MinimumF(e, v) : ElementMath.MaximumF(e, v);
            }

            return e;
        }

        if (kind == (int)ReductionKind.LogSumExp)
        {
            if (count == 0)
            {
                return float.NegativeInfinity;
            }

            float m = float.NegativeInfinity;
            for (int i = 0; i < count; i++)
            {
                m = ElementMath.MaximumF(m, codec.ToSingle(x[start + (i * stride)]));
            }

            if (float.IsNaN(m) || float.IsInfinity(m))
            {
                return m;
            }

            float total = 0f;
            for (int i = 0; i < count; i++)
            {
                float shifted = Round<T, TCodec>(codec.ToSingle(x[start + (i * stride)]) - m);
                float e = Round<T, TCodec>(MathF.Exp(shifted));
                total = Round<T, TCodec>(total + e);
            }

            float log = Round<T, TCodec>(MathF.Log(total));
            return m + log;
        }

        float sum = 0f;
        for (int i = 0; i < count; i++)
        {
            float v = codec.ToSingle(x[start + (i * stride)]);
            float term = kind == (int)ReductionKind.Sum || kind == (int)ReductionKind.Mean ? v
                : Round<T, TCodec>(v * (kind == (int)ReductionKind.Dot ? codec.ToSingle(y[start + (i * stride)]) : v));
            sum = Round<T, TCodec>(sum + term);
        }

        return kind == (int)ReductionKind.Mean ? sum / count : sum;
    }

    private static float Round<T, TCodec>(float value)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        return codec.ToSingle(codec.FromSingle(value));
    }
}
