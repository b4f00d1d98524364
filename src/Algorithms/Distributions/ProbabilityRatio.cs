namespace Kernel.Algorithms.Distributions;

/// <summary>
/// The importance ratio r_t = pi_new(a_t|s_t) / pi_old(a_t|s_t) on the tape in either <see cref="RatioMode"/>, and
/// the <c>ratio_log10_max</c> diagnostic (DESIGN "Diagnostics per update"; paper 000 Figure 2). Stateless; thread-safe.
/// </summary>
public static class ProbabilityRatio
{
    private static readonly double Ln10 = Math.Log(10);

    /// <summary>
    /// r = exp(logp_new - logp_old) (<see cref="RatioMode.LogSpace"/>) or r = exp(logp_new) / exp(logp_old) with both
    /// densities formed in T (<see cref="RatioMode.DensityQuotient"/>; underflowing densities give 0/0 = NaN on
    /// purpose), [batch]. logp_old is detached. Unlabelled inputs are labelled "logp_new" and "logp_old"; the
    /// densities "pi_new" and "pi_old"; the result "ratio".
    /// </summary>
    /// <param name="logpNew">log pi_new(a_t|s_t), [batch], differentiable.</param>
    /// <param name="logpOld">log pi_old(a_t|s_t), [batch], a constant (detached here in any case).</param>
    /// <param name="mode">The formula (default <see cref="RatioMode.LogSpace"/>).</param>
    /// <param name="label">Label of the result (default "ratio").</param>
    public static Tensor<T> Compute<T>(Tensor<T> logpNew, Tensor<T> logpOld, RatioMode mode = RatioMode.LogSpace, string? label = DistributionLabels.Ratio)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (logpNew.Shape != logpOld.Shape)
        {
            throw new ArgumentException($"logp_new has shape {logpNew.Shape} and logp_old {logpOld.Shape}; they must match (one of each per sample).", nameof(logpOld));
        }

        if (logpNew.Label is null)
        {
            logpNew.Labeled(DistributionLabels.LogpNew);
        }

        Tensor<T> old = logpNew.Tape.Detach(logpOld);
        if (old.Label is null)
        {
            old.Labeled(DistributionLabels.LogpOld);
        }

        return mode switch
        {
            RatioMode.LogSpace => logpNew.Subtract(old).Exp(label),
            RatioMode.DensityQuotient => logpNew.Exp(DistributionLabels.DensityNew).Divide(old.Exp(DistributionLabels.DensityOld), label),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be LogSpace or DensityQuotient."),
        };
    }

    /// <summary>
    /// <c>ratio_log10_max</c> = max_t log10 r_t = max_t (logp_new,t - logp_old,t) / ln 10, computed in fp64 from the
    /// log-prob values, so it stays finite when r overflows in T. NaN if any log-ratio is NaN; -inf for an empty batch.
    /// </summary>
    /// <param name="logpNew">log pi_new values, [batch].</param>
    /// <param name="logpOld">log pi_old values, [batch].</param>
    public static double Log10Max<T>(ReadOnlySpan<T> logpNew, ReadOnlySpan<T> logpOld)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (logpNew.Length != logpOld.Length)
        {
            throw new ArgumentException($"logp_new has {logpNew.Length} values and logp_old {logpOld.Length}; they must match (one of each per sample).", nameof(logpOld));
        }

        double max = double.NegativeInfinity;
        for (int t = 0; t < logpNew.Length; t++)
        {
            double logRatio = double.CreateTruncating(logpNew[t]) - double.CreateTruncating(logpOld[t]);
            if (double.IsNaN(logRatio))
            {
                return double.NaN;
            }

            max = Math.Max(max, logRatio);
        }

        return max / Ln10;
    }
}
