namespace Kernel.Algorithms.Diagnostics;

/// <summary>
/// Accumulates the importance-ratio diagnostics of an update over its minibatches, from log-ratios
/// log r = logp_new - logp_old taken in fp64, so every statistic stays finite when r itself overflows:
/// max log10 r, max log10 of the clipped ratio (000 Fig 3), the clip fraction and the k3 KL estimator
/// mean((r - 1) - log r) (Schulman's "approximating KL divergence" note, the approx_kl of seed 001).
/// Thread-safety: a mutable accumulator; one thread at a time.
/// </summary>
public sealed class RatioStatistics
{
    private long count;
    private long clipped;
    private double k3Sum;

    /// <summary>max_t log10 r_t seen so far (-inf before any sample).</summary>
    public double Log10Max { get; private set; } = double.NegativeInfinity;

    /// <summary>max_t log10 of the ratio as PPO's clipped objective uses it (-inf before any sample or without a clip).</summary>
    public double Log10MaxClipped { get; private set; } = double.NegativeInfinity;

    /// <summary>Fraction of samples with r outside [1 - eps, 1 + eps] (NaN before any sample).</summary>
    public double ClipFraction => count == 0 ? double.NaN : (double)clipped / count;

    /// <summary>The k3 estimate of KL(old || new): mean((r - 1) - log r), NaN before any sample (may be +inf if r overflows fp64).</summary>
    public double ApproxKl => count == 0 ? double.NaN : k3Sum / count;

    /// <summary>Samples seen.</summary>
    public long Count => count;

    /// <summary>Forgets everything seen.</summary>
    public void Clear()
    {
        count = 0;
        clipped = 0;
        k3Sum = 0;
        Log10Max = double.NegativeInfinity;
        Log10MaxClipped = double.NegativeInfinity;
    }

    /// <summary>Adds a minibatch.</summary>
    /// <param name="logRatio">log r per sample (fp64).</param>
    /// <param name="advantages">The advantage per sample, as the objective saw it (its sign picks the clip side).</param>
    /// <param name="clipEpsilon">PPO's eps, or null for objectives without a ratio clip (then the clipped maximum stays -inf).</param>
    public void Add(ReadOnlySpan<double> logRatio, ReadOnlySpan<double> advantages, double? clipEpsilon)
    {
        if (advantages.Length != logRatio.Length)
        {
            throw new ArgumentException($"advantages has {advantages.Length} values and logRatio {logRatio.Length}; they must match.", nameof(advantages));
        }

        if (clipEpsilon is { } eps && !(eps > 0 && eps < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(clipEpsilon), eps, "the clip eps must lie in (0, 1).");
        }

        double logUpper = clipEpsilon is { } e1 ? Math.Log(1 + e1) : double.PositiveInfinity;
        double logLower = clipEpsilon is { } e2 ? Math.Log(1 - e2) : double.NegativeInfinity;
        for (int i = 0; i < logRatio.Length; i++)
        {
            double logR = logRatio[i];
            Log10Max = Math.Max(Log10Max, logR / Math.Log(10));
            if (clipEpsilon is not null)
            {
                // min(r A, clip(r) A) = A * min(r, 1+eps) for A > 0 and A * max(r, 1-eps) for A < 0.
                double effective = advantages[i] > 0 ? Math.Min(logR, logUpper)
                    : advantages[i] < 0 ? Math.Max(logR, logLower)
                    : Math.Clamp(logR, logLower, logUpper);
                Log10MaxClipped = Math.Max(Log10MaxClipped, effective / Math.Log(10));
                if (logR > logUpper || logR < logLower)
                {
                    clipped++;
                }
            }

            k3Sum += ExpM1MinusX(logR);
            count++;
        }
    }

    /// <summary>(r - 1) - log r = e^x - 1 - x for x = log r, by its series for small |x| where the direct form cancels.</summary>
    private static double ExpM1MinusX(double x)
    {
        if (Math.Abs(x) < 0.01)
        {
            // x^2/2! + ... + x^7/7!: the first omitted term is below 5e-17 of the sum for |x| < 0.01.
            double tail = (1.0 / 720) + (x / 5040);
            tail = (1.0 / 120) + (x * tail);
            tail = (1.0 / 24) + (x * tail);
            tail = (1.0 / 6) + (x * tail);
            return x * x * (0.5 + (x * tail));
        }

        return Math.Exp(x) - 1 - x;
    }
}
