using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.Registry;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The optimiser of the policy and value networks and how it walks each batch: kind, learning rate and its
/// schedule, gradient clipping, epochs and minibatches, early stopping on KL (JSON <c>optimizer</c>). Defaults are
/// PPO's as seed 001 section 3 runs it (Adam eps 1e-5, lr 3e-4 annealed, grad norm 0.5, 10 epochs of 64 samples).
/// Immutable; thread-safe.
/// </summary>
public sealed record OptimizerOptions
{
    /// <summary>
    /// The optimiser of the policy and value networks: adam, or sgd (plain, no momentum; 000 Fig 7 compares them).
    /// Both use learning_rate; adam_epsilon applies to adam only.
    /// </summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    [CommandLineName("optimizer")]
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    /// <summary>The optimiser's learning rate.</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Whether the learning rate decays linearly to 0 over the run (001 section 3).</summary>
    [CommandLineName("anneal-lr")]
    public bool AnnealLearningRate { get; init; } = true;

    /// <summary>Adam's epsilon (1e-5 in the PPO implementations, 001 section 3).</summary>
    public double AdamEpsilon { get; init; } = 1e-5;

    /// <summary>Global L2 gradient-norm clip, or null for none.</summary>
    public double? MaxGradNorm { get; init; } = 0.5;

    /// <summary>Per-component gradient clip (003), or null for none.</summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    public double? GradClipValue { get; init; }

    /// <summary>Passes over each batch.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per minibatch: a count, or full-batch for one minibatch of the whole rollout.</summary>
    public MinibatchSize MinibatchSize { get; init; } = 64;

    /// <summary>Stop an update's epochs early once approx_kl exceeds this, or null for never.</summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    public double? TargetKl { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range; <paramref name="batchSize"/> bounds the minibatch.</summary>
    public void Validate(int batchSize)
    {
        SettingCheck.Require(Epochs >= 1, "epochs", Epochs, "at least 1");
        SettingCheck.Require(MinibatchSize.IsFullBatch || (MinibatchSize.Count >= 1 && MinibatchSize.Count <= batchSize), "minibatch_size", MinibatchSize, $"in 1..{batchSize} (num_envs x rollout_steps), or {MinibatchSize.FullBatchName}");
        SettingCheck.Require(LearningRate > 0 && double.IsFinite(LearningRate), "learning_rate", LearningRate, "finite and > 0");
        SettingCheck.Require(AdamEpsilon > 0 && double.IsFinite(AdamEpsilon), "adam_epsilon", AdamEpsilon, "finite and > 0");
        SettingCheck.Require(MaxGradNorm is null || (MaxGradNorm > 0 && double.IsFinite(MaxGradNorm.Value)), "max_grad_norm", MaxGradNorm, "finite and > 0, or absent");
        SettingCheck.Require(GradClipValue is null || (GradClipValue > 0 && double.IsFinite(GradClipValue.Value)), "grad_clip_value", GradClipValue, "finite and > 0, or absent");
        SettingCheck.Require(TargetKl is null || (TargetKl > 0 && double.IsFinite(TargetKl.Value)), "target_kl", TargetKl, "finite and > 0, or absent");
        SettingCheck.Require(Enum.IsDefined(Kind), "optimizer", Kind, "adam or sgd");
    }
}
