using Kernel.Algorithms.Training;
using Kernel.Envs;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// The true mean reward of a trainer's current policy (seed 001 section 5.3, "the landscape of true rewards"): episodes
/// of the stochastic policy on the run's own env copies (<see cref="VectorEnv"/>, stepped on one thread per core),
/// observations normalised by the checkpoint's statistics, which stay frozen; the copies and actions started from the
/// seed as <see cref="FrozenPolicySampler{T}.Restart"/> does, so one seed gives the same episodes for the same parameters. With <see cref="RewardSamples.Trajectories"/> copy i contributes its first
/// ceil or floor of count / num_envs episodes (copy i &lt; count mod num_envs one more): each copy's episodes from a
/// reset are independent and whole, so the mean is not tilted towards short episodes, as taking the first episodes to
/// finish over all copies would be. With pairs the copies step until count pairs are taken (rounded up to a whole step
/// of every copy) and every episode that finished counts; episodes cut by the end do not (a policy with no finished
/// episode gives NaN). No value network, GAE or buffer: nothing is allocated per step.
/// Thread-safety: one thread at a time; it drives the trainer's collector and tape.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class EpisodeReturnSampler<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly PolicyGradientTrainer<T> trainer;
    private readonly FrozenPolicySampler<T> frozen;
    private readonly double[] input;
    private readonly double[] envActions;
    private readonly double[] storedActions;
    private readonly double[] logProbs;
    private readonly double[] oldPolicy;
    private readonly int[] quota;

    /// <summary>A sampler of <paramref name="trainer"/>'s current policy (its parameters are never changed here).</summary>
    public EpisodeReturnSampler(PolicyGradientTrainer<T> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        this.trainer = trainer;
        frozen = new FrozenPolicySampler<T>(trainer);
        VectorEnv envs = trainer.Collector.Envs;
        int n = envs.Count;
        input = new double[n * envs.ObservationSize];
        envActions = new double[n * envs.ActionSize];
        storedActions = new double[n * trainer.Networks.Head.StoredActionSize];
        logProbs = new double[n];
        oldPolicy = new double[n * trainer.Networks.Head.OldPolicySize];
        quota = new int[n];
    }

    /// <summary>The mean return of <paramref name="samples"/> from the seed <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1.</exception>
    /// <exception cref="InvalidOperationException">The policy produced a non-finite action.</exception>
    /// <exception cref="EnvInstabilityException">An env's dynamics broke down.</exception>
    public EpisodeReturns Sample(RewardSamples samples, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples.Count, 1);
        RolloutCollector collector = trainer.Collector;
        VectorEnv envs = collector.Envs;
        ActorCritic<T> networks = trainer.Networks;
        int n = envs.Count;
        frozen.Restart(seed);
        int remaining = 0;
        for (int i = 0; i < n; i++)
        {
            quota[i] = samples.Trajectories ? (samples.Count / n) + (i < samples.Count % n ? 1 : 0) : int.MaxValue;
            remaining += samples.Trajectories ? quota[i] : 0;
        }

        double sum = 0;
        int episodes = 0;
        long steps = 0;
        while (samples.Trajectories ? remaining > 0 : steps < samples.Count)
        {
            collector.Observe(envs.Observations, input, update: false);
            networks.Tape.Reset();
            using (networks.Tape.NoGrad())
            {
                networks.Head.Act(networks.Policy.Forward(networks.Input(input, n)), collector.ActionRandom, envActions, storedActions, logProbs, oldPolicy);
            }

            foreach (double action in envActions)
            {
                if (!double.IsFinite(action))
                {
                    throw new InvalidOperationException($"the policy produced a non-finite action ({action}) at step {(steps / n) + 1} of a landscape point.");
                }
            }

            envs.Step(envActions);
            steps += n;
            foreach (EpisodeRecord episode in envs.FinishedEpisodes)
            {
                if (quota[episode.Copy] > 0)
                {
                    quota[episode.Copy]--;
                    remaining--;
                    sum += episode.Return;
                    episodes++;
                }
            }
        }

        return new EpisodeReturns(episodes == 0 ? double.NaN : sum / episodes, episodes, steps);
    }
}
