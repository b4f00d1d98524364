using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>Vanilla policy gradient with GAE advantages and 000 Table 4's settings (no advantage normalisation, grad norm 1.0, one full-batch epoch).</summary>
public sealed class Vpg : Algorithm
{
    /// <inheritdoc/>
    public override string Name => "vpg";

    /// <inheritdoc/>
    public override string Summary => "Vanilla policy gradient (000 eq 13) with GAE advantages and 000 Table 4's settings.";

    /// <inheritdoc/>
    public override TrainConfig Defaults(TrainConfig shared) => shared with
    {
        Epochs = 1, MinibatchSize = MinibatchSize.FullBatch, NormalizeAdvantages = false, MaxGradNorm = 1.0, ClipValueLoss = false,
    };

    /// <inheritdoc/>
    public override IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        => new SurrogateObjective<T>(static (in ObjectiveInputs<T> batch) => SurrogateObjectives.VanillaPerSample(batch.Evaluation.LogProb, batch.Advantage));
}
