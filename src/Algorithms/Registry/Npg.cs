using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>Natural policy gradient: TRPO's step taken without the line search.</summary>
public sealed class Npg : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "npg";

    /// <inheritdoc/>
    public override string Summary => "Natural policy gradient (004 section 4.3): TRPO's natural-gradient step without the line search.";

    /// <inheritdoc/>
    public override SettingScopes Scopes => SettingScopes.NaturalGradient;

    /// <inheritdoc/>
    public override TrainConfig Defaults(TrainConfig shared) => shared with { MinibatchSize = 256, ClipValueLoss = false, Squash = true };

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new SurrogateObjective<T>(static (in ObjectiveInputs<T> batch) => SurrogateObjectives.UnclippedPerSample(batch.Ratio, batch.Advantage));

    /// <inheritdoc/>
    public override IPolicyUpdate<T> CreateUpdate<T>(UpdateContext<T> context) => new NaturalGradientStep<T>(context, lineSearch: false);
}
