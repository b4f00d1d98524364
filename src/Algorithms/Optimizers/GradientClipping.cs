using System.Numerics;
using System.Runtime.InteropServices;
using Kernel.Algorithms.Nn;

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

    /// <summary>
    /// The global L2 norm of all the parameters' gradients, sqrt(sum of squares), accumulated in fp64 (PyTorch returns
    /// it in the gradients' dtype, where an fp16 norm above 65504 is inf; in fp64 the diagnostics see its size).
    /// </summary>
    public static double TotalNorm<T>(IReadOnlyList<NamedParameter<T>> parameters)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sumOfSquares = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            ReadOnlySpan<T> gradient = GradientOf(parameters[i]);
            for (int j = 0; j < gradient.Length; j++)
            {
                double g = double.CreateTruncating(gradient[j]);
                sumOfSquares += g * g;
            }
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

    private static void Scale<T>(Span<T> gradient, double scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(Half))
        {
            float factor = (float)scale;
            for (int j = 0; j < gradient.Length; j++)
            {
                gradient[j] = T.CreateTruncating(float.CreateTruncating(gradient[j]) * factor);
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
