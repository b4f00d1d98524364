using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Registry;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The importance-sampled surrogates of the PPO family: the ratio, PPO's and CPG's clip, and PPO-KL's penalty with
/// its adaptation (JSON <c>surrogate</c>). Immutable; thread-safe.
/// </summary>
public sealed record SurrogateOptions
{
    /// <summary>PPO's and CPG's clip epsilon.</summary>
    public double ClipEpsilon { get; init; } = 0.2;

    /// <summary>How the ratio is computed.</summary>
    public RatioMode RatioMode { get; init; } = RatioMode.LogSpace;

    /// <summary>KL penalty coefficient b (PPO-KL; 000 Table 3 uses 0.01).</summary>
    [AppliesTo(SettingScopes.KlPenalty)]
    public double KlBeta { get; init; } = 0.01;

    /// <summary>Whether PPO-KL adapts beta between updates (003: halve below target/1.5, double above target*1.5).</summary>
    [AppliesTo(SettingScopes.KlPenalty)]
    public bool AdaptiveKl { get; init; }

    /// <summary>The KL target of adaptive beta.</summary>
    [AppliesTo(SettingScopes.KlPenalty)]
    public double KlTarget { get; init; } = 0.01;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range (snake_case name, value, what is allowed).</summary>
    public void Validate()
    {
        SettingCheck.Require(ClipEpsilon is > 0 and < 1, "clip_epsilon", ClipEpsilon, "in (0, 1)");
        SettingCheck.Require(Enum.IsDefined(RatioMode), "ratio_mode", RatioMode, "log-space or density-quotient");
        SettingCheck.Require(KlBeta >= 0 && double.IsFinite(KlBeta), "kl_beta", KlBeta, "finite and >= 0");
        SettingCheck.Require(KlTarget > 0 && double.IsFinite(KlTarget), "kl_target", KlTarget, "finite and > 0");
    }
}
