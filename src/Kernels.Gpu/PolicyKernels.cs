using ILGPU;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Device code of the fused policy-gradient kernels. Arithmetic is in the compute precision (float for float and
/// Half, double for double); the quantities whose range the seed papers study (the log-ratio and the ratio) are
/// rounded to the storage precision where they are formed, so an fp16 ratio overflows exactly where the tape's does.
/// </summary>
internal static class PolicyKernels
{
    /// <summary>The most threads of the single objective group (the launch uses a power of two up to it): the shared shares are sized for it.</summary>
    public const int GroupSize = 256;

    /// <summary>
    /// One thread per row: result[r] = -1/2 sum_i ((a_i - mu_i) / sigma_i)^2 - sum_i log sigma_i - (m/2) log(2 pi),
    /// sigma_i = exp(log_std_i); log_std has m values (shared) or one per mean value.
    /// </summary>
    public static void GaussianLogProb<T, TCodec>(
        Index1D r, ArrayView<T> mean, ArrayView<T> logStd, ArrayView<T> actions, ArrayView<T> result, int m, double constant)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        bool shared = logStd.IntLength == m;
        int start = r * m;
        if (codec.IsDouble)
        {
            double quadratic = 0.0;
            double logDet = 0.0;
            for (int i = 0; i < m; i++)
            {
                double ls = codec.ToDouble(logStd[shared ? i : start + i]);
                double z = (codec.ToDouble(actions[start + i]) - codec.ToDouble(mean[start + i])) / Math.Exp(ls);
                quadratic += z * z;
                logDet += ls;
            }

            result[r] = codec.FromDouble((-0.5 * quadratic) - logDet + constant);
        }
        else
        {
            float quadratic = 0f;
            float logDet = 0f;
            for (int i = 0; i < m; i++)
            {
                float ls = codec.ToSingle(logStd[shared ? i : start + i]);
                float z = (codec.ToSingle(actions[start + i]) - codec.ToSingle(mean[start + i])) / ElementMath.ExpF(ls);
                quadratic += z * z;
                logDet += ls;
            }

            result[r] = codec.FromSingle((-0.5f * quadratic) - logDet + (float)constant);
        }
    }

    /// <summary>
    /// The clipped objective as a loss, -mean_i min(u_i, c_i), and its gradient with respect to logp_new, in one
    /// pass. At ties min's gradient goes to the clipped branch (the tape's rule); the clip's gradient is 1 inside
    /// [lo, hi] inclusive. result[0] receives the loss.
    /// </summary>
    public static void ClippedObjective<T, TCodec>(
        ArrayView<T> logpNew, ArrayView<T> logpOld, ArrayView<T> advantages, ArrayView<T> gradient, ArrayView<T> result, int logRatioMode, double lo, double hi)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        int t = Group.IdxX;
        int size = Group.DimX;
        int n = logpNew.IntLength;
        if (codec.IsDouble)
        {
            ArrayView<double> shares = SharedMemory.Allocate<double>(GroupSize);
            double scale = -1.0 / n;
            double share = 0.0;
            for (int i = t; i < n; i += size)
            {
                double a = codec.ToDouble(advantages[i]);
                double logRatio = codec.ToDouble(logpNew[i]) - codec.ToDouble(logpOld[i]);
                double x = logRatioMode != 0 ? logRatio : Math.Exp(logRatio);
                double clipped = x < lo ? lo : (x > hi ? hi : x);
                double unclippedTerm = x * a;
                double clippedTerm = clipped * a;
                share += ElementMath.MinimumD(unclippedTerm, clippedTerm);
                double slope = clippedTerm > unclippedTerm || (x >= lo && x <= hi) ? a : 0.0;
                gradient[i] = codec.FromDouble(scale * slope * (logRatioMode != 0 ? 1.0 : x));
            }

            shares[t] = share;
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
                result[0] = codec.FromDouble(scale * shares[0]);
            }
        }
        else
        {
            ArrayView<float> shares = SharedMemory.Allocate<float>(GroupSize);
            float scale = -1f / n;
            float lower = (float)lo;
            float upper = (float)hi;
            float share = 0f;
            for (int i = t; i < n; i += size)
            {
                float a = codec.ToSingle(advantages[i]);
                float logRatio = codec.ToSingle(codec.FromSingle(codec.ToSingle(logpNew[i]) - codec.ToSingle(logpOld[i])));
                float x = logRatioMode != 0 ? logRatio : codec.ToSingle(codec.FromSingle(ElementMath.ExpF(logRatio)));
                float clipped = x < lower ? lower : (x > upper ? upper : x);
                float unclippedTerm = x * a;
                float clippedTerm = clipped * a;
                share += ElementMath.MinimumF(unclippedTerm, clippedTerm);
                float slope = clippedTerm > unclippedTerm || (x >= lower && x <= upper) ? a : 0f;
                gradient[i] = codec.FromSingle(scale * slope * (logRatioMode != 0 ? 1f : x));
            }

            shares[t] = share;
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
                result[0] = codec.FromSingle(scale * shares[0]);
            }
        }
    }
}
