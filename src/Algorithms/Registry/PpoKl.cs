using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>PPO with a KL penalty: fixed beta (000 eq 12) or adapted between updates toward kl_target (003).</summary>
public sealed class PpoKl : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "ppo-kl";

    /// <inheritdoc/>
    public override string Summary => "PPO-KL (000 eq 12; adaptive beta as in 003): the surrogate minus beta times the KL to the rollout policy.";

    /// <inheritdoc/>
    public override SettingScopes Scopes => SettingScopes.FirstOrder | SettingScopes.KlPenalty;

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new KlPenalizedObjective<T>(penalty, config.AdaptiveKl, config.KlTarget);
}
