using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>PPO-M (001 section 4): PPO's clipped surrogate without value clipping, reward scaling, orthogonal initialisation or annealing.</summary>
public sealed class PpoM : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "ppo-m";

    /// <inheritdoc/>
    public override string Summary => "PPO-M (001 section 4): PPO without value clipping, reward scaling, orthogonal init or learning-rate annealing.";

    /// <inheritdoc/>
    public override TrainConfig Defaults(TrainConfig shared) => shared with
    {
        ClipValueLoss = false, ScaleRewards = false, OrthogonalInit = false, AnnealLearningRate = false,
    };

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new SurrogateObjective<T>((in ObjectiveInputs<T> batch) => SurrogateObjectives.ClippedPerSample(batch.Ratio, batch.Advantage, config.ClipEpsilon), config.ClipEpsilon);
}
