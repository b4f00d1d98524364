using Kernel.Algorithms.Optimizers;

namespace Kernel.Algorithms.Training;

/// <summary>
/// How an algorithm turns a collected rollout (advantages computed) into new parameters: epochs of minibatches
/// with a first-order optimiser (<see cref="FirstOrderEpochs{T}"/>), V-MPO's epochs that keep its multipliers in
/// their domain (<see cref="VMpoUpdate{T}"/>), or one natural-gradient policy step with the value network fitted by
/// Adam (<see cref="NaturalGradientStep{T}"/>). The update writes its metrics into the
/// context's diagnostics and leaves explosions to its guard.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public interface IPolicyUpdate<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The optimiser whose state checkpoints carry.</summary>
    Optimizer<T> Optimizer { get; }

    /// <summary>Makes update number <paramref name="update"/> (1-based; it sets the learning-rate schedule's position) from the rollout in the buffer.</summary>
    void Update(long update);
}
