using System.Diagnostics;
using Kernel.Algorithms.Training;
using Kernel.Envs;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// Collects <see cref="SampleSet"/>s from a trainer's policy held fixed: the trainer's own <see cref="RolloutCollector"/>
/// with <see cref="RolloutCollector.FreezeStatistics"/> on (observations normalised and rewards scaled by the
/// checkpoint's statistics, which stay as they are), its env copies reset and its action stream reseeded from a fresh
/// seed per set, so sets with different seeds are independent. One rollout is collected and dropped before the set
/// is filled, so its first samples are not all starts of episodes (a training batch continues episodes too). The env
/// copies step on the threads of the run's <see cref="VectorEnv"/> (MuJoCo: one per core); after the set is
/// allocated nothing is allocated per step.
/// Thread-safety: one thread at a time; it drives the trainer's collector.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class FrozenPolicySampler<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly PolicyGradientTrainer<T> trainer;

    /// <summary>A sampler of <paramref name="trainer"/>'s current policy (its parameters are never changed here).</summary>
    public FrozenPolicySampler(PolicyGradientTrainer<T> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        this.trainer = trainer;
        trainer.Collector.FreezeStatistics = true;
    }

    /// <summary>A set for <paramref name="count"/> samples of this trainer's rollouts.</summary>
    public SampleSet Allocate(int count)
        => new(trainer.Config, count, trainer.Collector.Envs.ObservationSize, trainer.Networks.Head.StoredActionSize, trainer.Networks.Head.OldPolicySize);

    /// <summary>
    /// Starts the policy's streams afresh from <paramref name="seed"/>, statistics frozen: env copy i reset from
    /// DeriveSeed(DeriveSeed(seed, 0), i), actions drawn from DeriveSeed(seed, 1).
    /// </summary>
    public void Restart(ulong seed)
    {
        trainer.Collector.FreezeStatistics = true;
        trainer.Collector.Reset(KernelRandom.DeriveSeed(seed, 0));
        trainer.Collector.ActionRandom.Reseed(KernelRandom.DeriveSeed(seed, 1));
    }

    /// <summary>
    /// Leaves one fresh batch (num_envs x rollout_steps, advantages computed) in the trainer's own buffer, as the
    /// trainer's next update would see it, and returns that buffer: env copy i reset from DeriveSeed(DeriveSeed(seed, 0), i),
    /// actions from DeriveSeed(seed, 1), minibatch orders from DeriveSeed(seed, 2), after the warm-up rollout.
    /// </summary>
    /// <exception cref="InvalidOperationException">The policy produced a non-finite action or value, or an env broke down.</exception>
    public RolloutBuffer CollectBatch(ulong seed)
    {
        Restart(seed);
        trainer.ShuffleRandom.Reseed(KernelRandom.DeriveSeed(seed, 2));
        trainer.Collect(); // the warm-up rollout
        return trainer.Collect();
    }

    /// <summary>Fills <paramref name="set"/> with fresh rollouts, the first as <see cref="CollectBatch"/> leaves it, the rest continuing its episodes.</summary>
    /// <exception cref="InvalidOperationException">The policy produced a non-finite action or value, or an env broke down (the message says which).</exception>
    public void Collect(SampleSet set, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(set);
        long before = trainer.Collector.Steps;
        var clock = Stopwatch.StartNew();
        int rows = trainer.Config.Rollout.NumEnvs * set.Buffer.ObservationSize;
        for (int r = 0; r < set.Rollouts; r++)
        {
            set.Put(r, r == 0 ? CollectBatch(seed) : trainer.Collect());
            trainer.Collector.Observe(trainer.Collector.Envs.Observations, set.LastObservations.AsSpan(r * rows, rows), update: false);
        }

        set.CollectSeconds = clock.Elapsed.TotalSeconds;
        set.StepsTaken = trainer.Collector.Steps - before;
    }
}
