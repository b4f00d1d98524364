using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>TRPO (004 section 4.3, Algorithm 5; 003): one natural-gradient policy step per batch, conjugate gradient on Fisher-vector products, scaled to the KL budget and backtracked until the mean KL is within it and the surrogate improves; Adam fits the value network for its own epochs (004 Table 2's TRPO column; box actions squashed with tanh as in 004 appendix A, see docs/trust-regions.md).</summary>
public sealed class Trpo : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "trpo";

    /// <inheritdoc/>
    public override string Summary => "TRPO (004 section 4.3, Algorithm 5): a natural-gradient step per batch within a KL budget, with a line search.";

    /// <inheritdoc/>
    public override SettingScopes Scopes => SettingScopes.NaturalGradient | SettingScopes.LineSearch;

    /// <inheritdoc/>
    public override TrainConfig Defaults(TrainConfig shared) => shared with { MinibatchSize = 256, ClipValueLoss = false, Squash = true };

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new SurrogateObjective<T>(static (in ObjectiveInputs<T> batch) => SurrogateObjectives.UnclippedPerSample(batch.Ratio, batch.Advantage));

    /// <inheritdoc/>
    public override IPolicyUpdate<T> CreateUpdate<T>(UpdateContext<T> context) => new NaturalGradientStep<T>(context, lineSearch: true);
}
