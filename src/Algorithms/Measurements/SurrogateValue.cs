using Kernel.Algorithms.Advantages;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// The algorithm's own surrogate objective (seed 001 eq 9; PPO's clipped surrogate, TRPO's ratio surrogate: the
/// objective's per-sample mean, <see cref="MinibatchLoss{T}.ObjectiveLoss"/> negated, without entropy bonus or value
/// loss) at the networks' current parameters, on one fixed batch whose log-probabilities and old-policy numbers are
/// theta_old's: the surrogate landscape of section 5.3. Advantages are normalised over the whole batch when the run
/// normalises them, as <see cref="PolicyGradientEstimator{T}"/> does, so the surrogate's gradient at theta_old is that
/// estimator's gradient. Accumulated in fp64 over chunks of <see cref="PolicyGradientEstimator{T}.ChunkRows"/> rows.
/// V-MPO is refused (its loss is not a mean over samples).
/// Thread-safety: one thread at a time; it records on the networks' tape.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class SurrogateValue<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly MinibatchLoss<T> loss;
    private readonly int[] indices;
    private readonly double[] advantages;

    /// <summary>The surrogate of <paramref name="trainer"/>'s algorithm on the first <paramref name="count"/> samples of <paramref name="batch"/>.</summary>
    /// <exception cref="ArgumentException">The objective is V-MPO's.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not in [1, batch.Count].</exception>
    public SurrogateValue(PolicyGradientTrainer<T> trainer, RolloutBuffer batch, int count)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, batch.Count);
        if (trainer.Objective is VMpoObjective<T>)
        {
            throw new ArgumentException("algo = vmpo: V-MPO's loss is not a mean over samples, so it has no surrogate landscape; measure ppo, ppo-m, trpo, npg, vpg, a2c, reinforce or cpg runs.", "algo");
        }

        loss = new MinibatchLoss<T>(trainer.Config, trainer.Networks, trainer.Objective, batch);
        indices = [.. Enumerable.Range(0, count)];
        advantages = batch.Advantages.AsSpan(0, count).ToArray();
        if (trainer.Config.Rollout.NormalizeAdvantages)
        {
            AdvantageNormalization.Normalize(advantages);
        }
    }

    /// <summary>The surrogate at the networks' current parameters.</summary>
    public double Evaluate()
    {
        int count = indices.Length;
        double value = 0;
        for (int start = 0; start < count; start += PolicyGradientEstimator<T>.ChunkRows)
        {
            int rows = Math.Min(PolicyGradientEstimator<T>.ChunkRows, count - start);
            Tensor<T> chunk = loss.ObjectiveLoss(indices.AsSpan(start, rows), advantages.AsSpan(start, rows));
            value -= (double)rows / count * double.CreateTruncating(chunk.Item());
        }

        return value;
    }
}
