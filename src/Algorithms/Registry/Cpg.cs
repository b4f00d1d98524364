using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>CPG: the vanilla policy gradient with the log-ratio clipped (000 eq 15), PPO's minibatching.</summary>
public sealed class Cpg : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "cpg";

    /// <inheritdoc/>
    public override string Summary => "CPG (000 eq 15): policy gradient with the log-ratio clipped to [log(1 - eps), log(1 + eps)].";

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new SurrogateObjective<T>((in ObjectiveInputs<T> batch) => SurrogateObjectives.LogRatioClippedPerSample(batch.LogRatio, batch.Advantage, config.ClipEpsilon), config.ClipEpsilon);
}
