using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>V-MPO (004 section 4.5, Algorithm 8): advantage-weighted maximum likelihood over the top half of the advantages, a learned temperature and KL multipliers (decoupled mean and std KL for a Gaussian), minibatch Adam; 004 Table 2's V-MPO column.</summary>
public sealed class Vmpo : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "vmpo";

    /// <inheritdoc/>
    public override string Summary => "V-MPO (004 section 4.5, Algorithm 8): weighted maximum likelihood on the top-half advantages with learned multipliers.";

    /// <inheritdoc/>
    public override SettingScopes Scopes => SettingScopes.FirstOrder | SettingScopes.VMpo;

    /// <inheritdoc/>
    public override TrainConfig Defaults(TrainConfig shared) => shared with
    {
        MinibatchSize = 256, ClipValueLoss = false, NormalizeAdvantages = false, Squash = true,
    };

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new VMpoObjective<T>(tape, config.Vmpo);
}
