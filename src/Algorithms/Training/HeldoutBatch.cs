using Kernel.Algorithms.Diagnostics;
using Kernel.Envs;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The held-out trajectories of <see cref="TrainConfig.HeldoutSteps"/> (seed 001 Figure 29): before an update,
/// <see cref="Collect"/> samples fresh trajectories of the pre-update policy pi_old on env copies of their own,
/// observations normalised by the training statistics of that moment held fixed; after the update,
/// <see cref="Describe"/> measures how far the updated policy moved on them (<see cref="PolicyChange"/>) and the mean
/// return of the episodes that finished in them. The copies are reset once, from DeriveSeed(seed, 5), and their
/// episodes continue from one measurement to the next, as the training copies' do from one rollout to the next: a
/// reset per measurement would hold out only the first heldout_steps / num_envs steps of episodes, a different
/// state distribution from the training batch's, and only the episodes shorter than that would finish. Actions come
/// from one stream seeded DeriveSeed(seed, 6). The training envs, RNG streams and statistics are never touched, so the
/// rest of metrics.csv is the same with or without it; the held-out copies are not in checkpoints, so a resumed run
/// restarts them.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class HeldoutBatch : IDisposable
{
    private readonly TrainConfig config;
    private readonly RolloutCollector collector;

    /// <summary>Env copies and a buffer for <see cref="TrainConfig.HeldoutSteps"/> steps (rounded up to whole rows of num_envs) of a policy whose head stores the given sizes.</summary>
    /// <param name="config">The run's configuration (validated; heldout_steps at least 1).</param>
    /// <param name="storedActionSize">The head's stored action length.</param>
    /// <param name="oldPolicySize">The head's old-policy numbers per sample.</param>
    public HeldoutBatch(TrainConfig config, int storedActionSize, int oldPolicySize)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.HeldoutSteps, 1);
        this.config = config;
        int rows = (config.HeldoutSteps + config.Rollout.NumEnvs - 1) / config.Rollout.NumEnvs;
        collector = new RolloutCollector(config with { Rollout = config.Rollout with { RolloutSteps = rows } }, new KernelRandom(KernelRandom.DeriveSeed(config.Seed, 6))) { FreezeStatistics = true };
        collector.Allocate(storedActionSize, oldPolicySize);
        collector.Reset(KernelRandom.DeriveSeed(config.Seed, 5));
    }

    /// <summary>The last held-out trajectories: pi_old's states, actions, log-probs and distribution parameters.</summary>
    public RolloutBuffer Buffer => collector.Buffer;

    /// <summary>Whether update <paramref name="update"/> (from 1) is measured: every heldout_every-th.</summary>
    public bool Due(long update) => update % config.HeldoutEvery == 0;

    /// <summary>
    /// Samples the next held-out trajectories with <paramref name="networks"/>' current (pre-update) policy,
    /// normalising observations by <paramref name="training"/>'s statistics as they are now.
    /// <see cref="RolloutEnd.Exploded"/> as <see cref="RolloutCollector.Collect{T}"/> says (the guard then holds why).
    /// </summary>
    public RolloutEnd Collect<T>(ActorCritic<T> networks, ExplosionGuard<T> guard, RolloutCollector training)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.ObservationNormalizer is { } source)
        {
            collector.ObservationNormalizer!.Statistics.Import(source.Statistics.Count, source.Statistics.Mean, source.Statistics.Variance);
        }

        return collector.Collect(networks, guard);
    }

    /// <summary>After the update: the heldout_* fields of <paramref name="record"/> for <paramref name="networks"/>' updated policy on the trajectories <see cref="Collect"/> sampled.</summary>
    public void Describe<T>(ActorCritic<T> networks, UpdateRecord record)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(record);
        PolicyChange change = PolicyChange.Measure(networks, collector.Buffer);
        record.HeldoutKlMean = change.KlMean;
        record.HeldoutKlMax = change.KlMax;
        record.HeldoutRatioLog10Max = change.RatioLog10Max;
        ReadOnlySpan<double> returns = collector.FinishedReturns;
        double sum = 0;
        foreach (double value in returns)
        {
            sum += value;
        }

        record.HeldoutReturnMean = returns.Length == 0 ? double.NaN : sum / returns.Length;
    }

    /// <summary>Stops the held-out env copies' worker threads.</summary>
    public void Dispose() => collector.Dispose();
}
