namespace Kernel.Algorithms.VMpo;

/// <summary>
/// V-MPO's hyperparameters with 004 Table 2's defaults: eta_min = nu_min = 1e-8, eta_init = nu_init (mean and std)
/// = 1, KL targets 0.01 (mean) and 5e-5 (std), temperature target epsilon_eta 0.01. Immutable; thread-safe.
/// </summary>
public sealed record VMpoOptions
{
    /// <summary>The temperature eta's initial value, &gt; 0.</summary>
    public double EtaInit { get; init; } = 1;

    /// <summary>The KL multipliers' initial value for the mean (nu_mu), &gt; 0.</summary>
    public double NuMeanInit { get; init; } = 1;

    /// <summary>The KL multipliers' initial value for the std (nu_sigma), &gt; 0.</summary>
    public double NuStdInit { get; init; } = 1;

    /// <summary>eta is projected to at least this after every step, &gt; 0.</summary>
    public double EtaMin { get; init; } = 1e-8;

    /// <summary>Both nu are projected to at least this after every step, &gt; 0.</summary>
    public double NuMin { get; init; } = 1e-8;

    /// <summary>epsilon_eta, the temperature loss's bound, &gt; 0.</summary>
    public double EpsilonEta { get; init; } = 0.01;

    /// <summary>epsilon_nu_mu, the mean KL's bound, &gt; 0 (the only KL bound for a categorical policy).</summary>
    public double EpsilonNuMean { get; init; } = 0.01;

    /// <summary>epsilon_nu_sigma, the std KL's bound, &gt; 0.</summary>
    public double EpsilonNuStd { get; init; } = 5e-5;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range (snake_case).</summary>
    public void Validate()
    {
        SettingCheck.Require(EtaInit > 0 && double.IsFinite(EtaInit), "vmpo_eta_init", EtaInit, "finite and > 0");
        SettingCheck.Require(NuMeanInit > 0 && double.IsFinite(NuMeanInit), "vmpo_nu_mean_init", NuMeanInit, "finite and > 0");
        SettingCheck.Require(NuStdInit > 0 && double.IsFinite(NuStdInit), "vmpo_nu_std_init", NuStdInit, "finite and > 0");
        SettingCheck.Require(EtaMin > 0 && double.IsFinite(EtaMin), "vmpo_eta_min", EtaMin, "finite and > 0");
        SettingCheck.Require(NuMin > 0 && double.IsFinite(NuMin), "vmpo_nu_min", NuMin, "finite and > 0");
        SettingCheck.Require(EpsilonEta > 0 && double.IsFinite(EpsilonEta), "vmpo_epsilon_eta", EpsilonEta, "finite and > 0");
        SettingCheck.Require(EpsilonNuMean > 0 && double.IsFinite(EpsilonNuMean), "vmpo_epsilon_nu_mean", EpsilonNuMean, "finite and > 0");
        SettingCheck.Require(EpsilonNuStd > 0 && double.IsFinite(EpsilonNuStd), "vmpo_epsilon_nu_std", EpsilonNuStd, "finite and > 0");
    }
}
