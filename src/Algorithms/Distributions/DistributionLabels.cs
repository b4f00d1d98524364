namespace Kernel.Algorithms.Distributions;

/// <summary>
/// The tensor labels the numerics monitor and the diagnostics use to name policy quantities (DESIGN "Numerics
/// monitor"). Distributions label their outputs with these unless the caller passes another label.
/// </summary>
public static class DistributionLabels
{
    /// <summary>Log-prob of the stored actions under the policy being optimised, shape [batch].</summary>
    public const string LogpNew = "logp_new";

    /// <summary>Log-prob of the stored actions under the policy that collected them (a constant), shape [batch].</summary>
    public const string LogpOld = "logp_old";

    /// <summary>The importance ratio r = pi_new / pi_old, shape [batch].</summary>
    public const string Ratio = "ratio";

    /// <summary>The density pi_new = exp(logp_new) formed in <see cref="RatioMode.DensityQuotient"/>, shape [batch].</summary>
    public const string DensityNew = "pi_new";

    /// <summary>The density pi_old = exp(logp_old) formed in <see cref="RatioMode.DensityQuotient"/>, shape [batch].</summary>
    public const string DensityOld = "pi_old";

    /// <summary>
    /// sum_i ((a_i - mu_i) / sigma_i)^2 inside a Gaussian log-prob, shape [batch]: with the mean 100 from a clipped
    /// action (000 A.2) it is about 1.7e5 on Humanoid-v4, past fp16's 65504 before any ratio is formed.
    /// </summary>
    public const string SquaredMahalanobis = "squared_mahalanobis";

    /// <summary>Per-state entropy, shape [batch].</summary>
    public const string Entropy = "entropy";

    /// <summary>Per-state analytic KL(old || new), shape [batch].</summary>
    public const string Kl = "kl";

    /// <summary>The policy mean after the transform g, shape [batch, action_dim].</summary>
    public const string Mean = "mean";

    /// <summary>The policy standard deviation, shape [action_dim] or [batch, action_dim].</summary>
    public const string Std = "std";
}
