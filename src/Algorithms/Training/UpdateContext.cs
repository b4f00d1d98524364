using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Optimizers;
using Kernel.Envs;

namespace Kernel.Algorithms.Training;

/// <summary>What an <see cref="IPolicyUpdate{T}"/> works with: the run's parts, shared with the trainer that composed them.</summary>
/// <typeparam name="T">The run's precision.</typeparam>
/// <param name="Config">The run's configuration.</param>
/// <param name="Networks">Policy and value networks.</param>
/// <param name="Objective">The algorithm's policy objective.</param>
/// <param name="Parameters">Every trainable parameter: the networks', then the objective's.</param>
/// <param name="Buffer">The rollout to learn from.</param>
/// <param name="Loss">The minibatch loss.</param>
/// <param name="Guard">Stops and reports explosions.</param>
/// <param name="Diagnostics">The metrics row.</param>
/// <param name="ShuffleRandom">The minibatch-order stream.</param>
public sealed record UpdateContext<T>(
    TrainConfig Config,
    ActorCritic<T> Networks,
    IPolicyObjective<T> Objective,
    IReadOnlyList<NamedParameter<T>> Parameters,
    RolloutBuffer Buffer,
    MinibatchLoss<T> Loss,
    ExplosionGuard<T> Guard,
    UpdateDiagnostics Diagnostics,
    KernelRandom ShuffleRandom)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Where the update records its forward, backward, optimiser and diagnostics ticks (the trainer's <see cref="ITrainer.Timing"/>).</summary>
    public UpdateTiming Timing { get; init; } = new();

    /// <summary>The learning rate of update <paramref name="update"/> (1-based): constant, or annealed linearly to 0 over the run.</summary>
    public double LearningRate(long update)
        => (Config.Optimizer.AnnealLearningRate
            ? LearningRateSchedule.LinearToZero(Config.Optimizer.LearningRate, (int)Math.Min(int.MaxValue, Config.Updates))
            : LearningRateSchedule.Constant(Config.Optimizer.LearningRate)).At(update - 1);

    /// <summary>Clips (when configured) the gradients of <paramref name="clipped"/> by their global norm; returns the norm before clipping.</summary>
    public double ClipGradients(IReadOnlyList<NamedParameter<T>> clipped)
        => Config.Optimizer.MaxGradNorm is { } maxNorm ? GradientClipping.ClipNorm(clipped, maxNorm) : GradientClipping.TotalNorm(clipped);

    /// <summary>Explodes the update with <paramref name="failure"/> and replays the minibatch's loss and backward pass under the numerics monitor.</summary>
    public void Explode(string failure, int[] indices)
        => Guard.Explode(failure, () =>
        {
            (Tensor<T> loss, _, _, _) = Loss.Compute(indices);
            Networks.Tape.ZeroGrad();
            Networks.Tape.Backward(loss);
        });
}
