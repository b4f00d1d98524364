using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>REINFORCE: Monte Carlo returns (gae_lambda 1), one full-batch gradient step per rollout, with a learned value baseline unless reinforce_baseline is false.</summary>
public sealed class Reinforce : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "reinforce";

    /// <inheritdoc/>
    public override string Summary => "REINFORCE (004 section 4.1): Monte Carlo returns, one full-batch step per rollout, optional learned baseline.";

    /// <inheritdoc/>
    public override SettingScopes Scopes => SettingScopes.FirstOrder | SettingScopes.Baseline;

    /// <inheritdoc/>
    public override TrainConfig Defaults(TrainConfig shared) => shared with
    {
        Epochs = 1, MinibatchSize = MinibatchSize.FullBatch, GaeLambda = 1.0, ClipValueLoss = false, AnnealLearningRate = false, LearningRate = 1e-3,
    };

    /// <inheritdoc/>
    public override bool LearnsValue(TrainConfig config) => config.ReinforceBaseline;

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new SurrogateObjective<T>(static (in ObjectiveInputs<T> batch) => SurrogateObjectives.VanillaPerSample(batch.Evaluation.LogProb, batch.Advantage));
}
