using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kernel.Algorithms.Nn;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Kernel.Algorithms.Optimizers;

/// <summary>
/// Clipping of the gradients accumulated in tape parameters, in place, before an optimiser step (seed 003: norm
/// scaling keeps the direction, per-component clipping may not). Allocates nothing after the tape's warm-up for
/// gradients in host memory; gradients on a device backend are downloaded, clipped on the host and uploaded.
/// Thread-safety: stateless; call it on the thread that owns the parameters' tape.
/// </summary>
public static class GradientClipping
{
    /// <summary>Added to the total norm before dividing, as in <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
    public const double NormEpsilon = 1e-6;

    /// <summary>Elements per block of the fixed-order sum of squares.</summary>
    private const int SquaresBlock = 16;

    /// <summary>fp16 elements widened to fp32 at a time (whole blocks), on the stack.</summary>
    private const int WideningChunk = 256;

    /// <summary>
    /// The global L2 norm of all the parameters' gradients, sqrt(sum of squares), accumulated in fp64 (PyTorch returns
    /// it in the gradients' dtype, where an fp16 norm above 65504 is inf; in fp64 the diagnostics see its size). Each
    /// parameter's squares are summed in one fixed order on every machine (see <see cref="SumOfSquares{T}"/>), and the
    /// parameters' sums are added in list order.
    /// </summary>
    public static double TotalNorm<T>(IReadOnlyList<NamedParameter<T>> parameters)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sumOfSquares = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            sumOfSquares += SumOfSquares(GradientOf(parameters[i]));
        }

        return Math.Sqrt(sumOfSquares);
    }

    /// <summary>
    /// <c>torch.nn.utils.clip_grad_norm_</c>: with total = <see cref="TotalNorm"/>, scales every gradient by
    /// max_norm / (total + 1e-6) when that is below 1, and leaves them untouched otherwise. Returns the total norm
    /// before clipping. NOTE: a non-finite total leaves the gradients untouched (PyTorch would turn them into NaN or 0),
    /// so the caller's explosion report sees the gradients that caused it; check the returned norm.
    /// The scale is applied in the gradients' precision (fp32 for fp16 gradients, rounded once).
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped together.</param>
    /// <param name="maxNorm">Largest allowed total norm, &gt; 0 (+infinity measures without clipping).</param>
    public static double ClipNorm<T>(IReadOnlyList<NamedParameter<T>> parameters, double maxNorm)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be > 0 (+infinity measures without clipping).");
        }

        double total = TotalNorm(parameters);
        double scale = maxNorm / (total + NormEpsilon);
        if (!double.IsFinite(total) || !(scale < 1))
        {
            return total;
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            Tensor<T> gradient = GradientTensorOf(parameters[i]);
            if (gradient.IsHostMemory)
            {
                Scale(gradient.LeafValues, scale);
            }
            else
            {
                T[] host = gradient.ToArray();
                Scale(host, scale);
                gradient.SetValues(host);
            }
        }

        return total;
    }

    /// <summary>
    /// <c>torch.nn.utils.clip_grad_value_</c>: clamps every gradient element to [-clipValue, clipValue]
    /// (per-component clipping, seed 003). NaN elements stay NaN.
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="clipValue">Largest allowed magnitude, &gt; 0 and finite.</param>
    public static void ClipValue<T>(IReadOnlyList<NamedParameter<T>> parameters, double clipValue)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyperparameters.CheckPositive(clipValue, nameof(clipValue));
        ArgumentNullException.ThrowIfNull(parameters);
        T high = T.CreateTruncating(clipValue);
        T low = -high;
        for (int i = 0; i < parameters.Count; i++)
        {
            Tensor<T> gradient = GradientTensorOf(parameters[i]);
            if (gradient.IsHostMemory)
            {
                Clamp(gradient.LeafValues, low, high);
            }
            else
            {
                T[] host = gradient.ToArray();
                Clamp(host, low, high);
                gradient.SetValues(host);
            }
        }
    }

    /// <summary>
    /// Sum of the squares of <paramref name="gradient"/> in double, in an order that does not depend on the machine:
    /// element i of each block of 16 goes to lane i mod 4 of accumulator (i / 4) mod 4 (Vector256 of double, lane-wise
    /// IEEE whether accelerated or emulated), squares rounded before the addition (exact for fp32 and fp16); then
    /// (a0 + a1) + (a2 + a3), its lanes as (l0 + l2) + (l1 + l3), and the elements past the last block left to right.
    /// Four independent chains of four lanes: a running scalar sum waited on one addition per element. fp16 is widened
    /// to fp32 first (exactly), so its blocks and order are fp32's.
    /// </summary>
    private static double SumOfSquares<T>(ReadOnlySpan<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int whole = gradient.Length - (gradient.Length % SquaresBlock);
        var sums = default(BlockSums);
        if (typeof(T) == typeof(float))
        {
            sums.AddSingle(MemoryMarshal.Cast<T, float>(gradient[..whole]));
        }
        else if (typeof(T) == typeof(Half))
        {
            // Widened to fp32 exactly, a chunk of whole blocks at a time: the blocks and their order are fp32's.
            Span<float> wide = stackalloc float[WideningChunk];
            ReadOnlySpan<Half> half = MemoryMarshal.Cast<T, Half>(gradient);
            for (int start = 0; start < whole; start += WideningChunk)
            {
                Span<float> chunk = wide[..Math.Min(WideningChunk, whole - start)];
                TensorPrimitives.ConvertToSingle(half.Slice(start, chunk.Length), chunk);
                sums.AddSingle(chunk);
            }
        }
        else if (typeof(T) == typeof(double))
        {
            sums.AddDouble(MemoryMarshal.Cast<T, double>(gradient[..whole]));
        }
        else
        {
            whole = 0;
        }

        double sum = sums.Total();
        for (int j = whole; j < gradient.Length; j++)
        {
            double g = double.CreateTruncating(gradient[j]);
            sum += g * g;
        }

        return sum;
    }

    /// <summary>The four Vector256 accumulators of <see cref="SumOfSquares{T}"/>, fed whole blocks of 16.</summary>
    private struct BlockSums
    {
        private Vector256<double> a0;
        private Vector256<double> a1;
        private Vector256<double> a2;
        private Vector256<double> a3;

        public void AddSingle(ReadOnlySpan<float> blocks)
        {
            ref float g = ref MemoryMarshal.GetReference(blocks);
            for (int i = 0; i < blocks.Length; i += SquaresBlock)
            {
                (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(Vector256.LoadUnsafe(ref g, (nuint)i));
                a0 += lower * lower;
                a1 += upper * upper;
                (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref g, (nuint)(i + 8)));
                a2 += lower * lower;
                a3 += upper * upper;
            }
        }

        public void AddDouble(ReadOnlySpan<double> blocks)
        {
            ref double g = ref MemoryMarshal.GetReference(blocks);
            for (int i = 0; i < blocks.Length; i += SquaresBlock)
            {
                Vector256<double> v0 = Vector256.LoadUnsafe(ref g, (nuint)i);
                Vector256<double> v1 = Vector256.LoadUnsafe(ref g, (nuint)(i + 4));
                Vector256<double> v2 = Vector256.LoadUnsafe(ref g, (nuint)(i + 8));
                Vector256<double> v3 = Vector256.LoadUnsafe(ref g, (nuint)(i + 12));
                a0 += v0 * v0;
                a1 += v1 * v1;
                a2 += v2 * v2;
                a3 += v3 * v3;
            }
        }

        public readonly double Total()
        {
            Vector256<double> lanes = (a0 + a1) + (a2 + a3);
            return (lanes.GetElement(0) + lanes.GetElement(2)) + (lanes.GetElement(1) + lanes.GetElement(3));
        }
    }

    private static void Scale<T>(Span<T> gradient, double scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(Half))
        {
            // Widen (exact), multiply in fp32 and narrow once, a chunk at a time: the scalar loop's bits.
            float factor = (float)scale;
            Span<Half> half = MemoryMarshal.Cast<T, Half>(gradient);
            Span<float> wide = stackalloc float[WideningChunk];
            for (int start = 0; start < half.Length; start += WideningChunk)
            {
                Span<Half> part = half.Slice(start, Math.Min(WideningChunk, half.Length - start));
                Span<float> chunk = wide[..part.Length];
                TensorPrimitives.ConvertToSingle(part, chunk);
                TensorPrimitives.Multiply(chunk, factor, chunk);
                TensorPrimitives.ConvertToHalf(chunk, part);
            }
        }
        else
        {
            T factor = T.CreateTruncating(scale);
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                // One rounded multiply per element either way: the vectors give the scalar loop's bits.
                var factors = new Vector<T>(factor);
                ref T g = ref MemoryMarshal.GetReference(gradient);
                for (; j <= gradient.Length - Vector<T>.Count; j += Vector<T>.Count)
                {
                    (Vector.LoadUnsafe(ref g, (nuint)j) * factors).StoreUnsafe(ref g, (nuint)j);
                }
            }

            for (; j < gradient.Length; j++)
            {
                gradient[j] *= factor;
            }
        }
    }

    private static void Clamp<T>(Span<T> gradient, T low, T high)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int j = 0; j < gradient.Length; j++)
        {
            if (gradient[j] > high)
            {
                gradient[j] = high;
            }
            else if (gradient[j] < low)
            {
                gradient[j] = low;
            }
        }
    }

    private static ReadOnlySpan<T> GradientOf<T>(NamedParameter<T> parameter)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => GradientTensorOf(parameter).Values;

    private static Tensor<T> GradientTensorOf<T>(NamedParameter<T> parameter)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => parameter.Tensor.Tape.AccumulatedGradient(parameter.Tensor);
}
