using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>PPO's importance-sampled surrogate with no constraint at all (000 Fig 3c).</summary>
public sealed class PpoNoClip : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "ppo-noclip";

    /// <inheritdoc/>
    public override string Summary => "PPO's importance-sampled surrogate with no clip or penalty (000 Fig 3c).";

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new SurrogateObjective<T>(static (in ObjectiveInputs<T> batch) => SurrogateObjectives.UnclippedPerSample(batch.Ratio, batch.Advantage));
}
