using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>PPO with the clipped surrogate and the implementation details of 001 section 3 (the shared defaults are its own).</summary>
public sealed class Ppo : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "ppo";

    /// <inheritdoc/>
    public override string Summary => "PPO (000 eq 11) with the implementation details of 001 section 3: clipped surrogate, minibatch epochs.";

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new SurrogateObjective<T>((in ObjectiveInputs<T> batch) => SurrogateObjectives.ClippedPerSample(batch.Ratio, batch.Advantage, config.ClipEpsilon), config.ClipEpsilon);
}
