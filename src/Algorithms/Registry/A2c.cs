using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>A2C: advantage actor-critic, one epoch over the whole batch, entropy bonus.</summary>
public sealed class A2c : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "a2c";

    /// <inheritdoc/>
    public override string Summary => "A2C (004 section 4.2): advantage actor-critic, one full-batch step per rollout with an entropy bonus.";

    /// <inheritdoc/>
    public override TrainConfig Defaults(TrainConfig shared) => shared with
    {
        Epochs = 1, MinibatchSize = MinibatchSize.FullBatch, ClipValueLoss = false, EntropyCoefficient = 0.01, LearningRate = 7e-4,
    };

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new SurrogateObjective<T>(static (in ObjectiveInputs<T> batch) => SurrogateObjectives.VanillaPerSample(batch.Evaluation.LogProb, batch.Advantage));
}
