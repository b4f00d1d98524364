namespace Kernel.Algorithms.Distributions;

/// <summary>How the importance ratio r_t = pi_new(a_t|s_t) / pi_old(a_t|s_t) is computed (DESIGN "Policies and losses").</summary>
public enum RatioMode
{
    /// <summary>r = exp(logp_new - logp_old): the default; finite while the log-ratio is below ln(max of T).</summary>
    LogSpace,

    /// <summary>
    /// r = pi_new / pi_old with the densities pi = exp(logp) formed in the run's precision. Densities below the
    /// smallest subnormal underflow to 0 and the ratio becomes 0/0 = NaN: kept on purpose to reproduce the failure.
    /// </summary>
    DensityQuotient,
}
