using System.Diagnostics;
using Kernel.Algorithms.Advantages;
using Kernel.Algorithms.Normalizers;
using Kernel.Envs;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The experience side of a run: N env copies stepped together, the observation normaliser and reward scaler, the
/// action RNG and the <see cref="RolloutBuffer"/>. <see cref="Collect"/> fills the buffer with num_envs x
/// rollout_steps transitions of a policy held fixed (no gradients), bootstrapping episodes the time limit cut with
/// V(final observation); <see cref="ComputeAdvantages"/> then runs GAE. The envs step on the CPU; observations go to
/// the networks' device and their outputs come back once per env step, as whole batches.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class RolloutCollector : IDisposable
{
    private readonly TrainConfig config;
    private readonly double[] envActions;
    private readonly double[] normalized;
    private readonly double[] rewards;
    private readonly double[] finishedReturns;
    private int finishedCount;

    /// <summary>Makes the env copies, normalisers and buffer of <paramref name="config"/>; the envs are reset by <see cref="Reset"/>.</summary>
    /// <param name="config">The run's configuration (validated).</param>
    /// <param name="actionRandom">The stream actions are sampled from.</param>
    public RolloutCollector(TrainConfig config, KernelRandom actionRandom)
    {
        ArgumentNullException.ThrowIfNull(config);
        this.config = config;
        ActionRandom = actionRandom;
        Envs = new VectorEnv(config.MakeEnv, config.Rollout.NumEnvs);
        ObservationNormalizer = config.Rollout.NormalizeObservations ? new ObservationNormalizer(Envs.ObservationSize, config.Rollout.ObservationClip) : null;
        RewardScaler = config.Rollout.ScaleRewards ? new RewardScaler(config.Rollout.NumEnvs, config.Rollout.Gamma, config.Rollout.RewardClip) : null;
        envActions = new double[config.Rollout.NumEnvs * Envs.ActionSize];
        normalized = new double[config.Rollout.NumEnvs * Envs.ObservationSize];
        rewards = new double[config.Rollout.NumEnvs];
        finishedReturns = new double[config.BatchSize];
    }

    /// <summary>The env copies.</summary>
    public VectorEnv Envs { get; }

    /// <summary>Running observation statistics, or null when observations are not normalised.</summary>
    public ObservationNormalizer? ObservationNormalizer { get; }

    /// <summary>The reward scaler, or null when rewards are not scaled.</summary>
    public RewardScaler? RewardScaler { get; }

    /// <summary>The action-sampling stream.</summary>
    public KernelRandom ActionRandom { get; }

    /// <summary>The last rollout (allocated by <see cref="Allocate"/>).</summary>
    public RolloutBuffer Buffer { get; private set; } = null!;

    /// <summary>
    /// Whether <see cref="Collect"/> leaves the observation and reward statistics as they are (observations normalised
    /// and rewards scaled by them, unchanged): samples of a frozen policy for measurements on a checkpoint. Off in training.
    /// </summary>
    public bool FreezeStatistics { get; set; }

    /// <summary>Environment steps taken (all copies).</summary>
    public long Steps { get; set; }

    /// <summary>Episodes finished.</summary>
    public long Episodes { get; set; }

    /// <summary>Stopwatch ticks the last rollout spent inside the envs' step (the throughput split, <see cref="UpdateTiming"/>).</summary>
    public long EnvTicks { get; private set; }

    /// <summary>Stopwatch ticks the last rollout spent in the networks' forward passes (actions, values, bootstrap values).</summary>
    public long InferenceTicks { get; private set; }

    /// <summary>Undiscounted returns of the episodes finished in the last rollout.</summary>
    public ReadOnlySpan<double> FinishedReturns => finishedReturns.AsSpan(0, finishedCount);

    /// <summary>Allocates the buffer for a policy head's stored action and old-policy sizes.</summary>
    public void Allocate(int storedActionSize, int oldPolicySize)
        => Buffer = new RolloutBuffer(config.Rollout.RolloutSteps, config.Rollout.NumEnvs, Envs.ObservationSize, storedActionSize, oldPolicySize);

    /// <summary>Resets every copy (copy i from a seed derived from <paramref name="seed"/> and i).</summary>
    public void Reset(ulong seed) => Envs.Reset(seed);

    /// <summary>
    /// Steps the envs for one rollout with <paramref name="networks"/>' policy. <see cref="RolloutEnd.Exploded"/> if
    /// the networks produced a non-finite action or value or an old policy the head refuses (a sigma of 0), in which
    /// case <paramref name="guard"/> has exploded the update and replayed the forward pass that produced it, or if an
    /// env's dynamics broke down (<see cref="EnvInstabilityException"/>: a non-finite observation, an unstable
    /// simulation), named with the copy and step in <see cref="Diagnostics.UpdateRecord.ExplodedAt"/>; <see cref="RolloutEnd.Abandoned"/> if
    /// <paramref name="interrupt"/> was requested before an env step.
    /// </summary>
    public RolloutEnd Collect<T>(ActorCritic<T> networks, ExplosionGuard<T> guard, InterruptRequest? interrupt = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(guard);
        int n = config.Rollout.NumEnvs;
        int observationSize = Envs.ObservationSize;
        int actionSize = networks.Head.StoredActionSize;
        int oldPolicySize = networks.Head.OldPolicySize;
        Tape<T> tape = networks.Tape;
        finishedCount = 0;
        EnvTicks = InferenceTicks = 0;
        for (int t = 0; t < config.Rollout.RolloutSteps; t++)
        {
            if (interrupt?.IsRequested == true)
            {
                return RolloutEnd.Abandoned;
            }

            int first = t * n;
            Span<double> observations = Buffer.Observations.AsSpan(first * observationSize, n * observationSize);
            Observe(Envs.Observations, observations, update: !FreezeStatistics);
            long inference = Stopwatch.GetTimestamp();
            tape.Reset();
            using (tape.NoGrad())
            {
                Tensor<T> x = networks.Input(observations, n);
                networks.Head.Act(
                    networks.Policy.Forward(x),
                    ActionRandom,
                    envActions,
                    Buffer.Actions.AsSpan(first * actionSize, n * actionSize),
                    Buffer.LogProbs.AsSpan(first, n),
                    Buffer.OldPolicy.AsSpan(first * oldPolicySize, n * oldPolicySize));
                networks.Values(x, Buffer.Values.AsSpan(first, n));
            }

            InferenceTicks += Stopwatch.GetTimestamp() - inference;

            if ((ExplosionGuard<T>.NonFinite(envActions, "action", t, Envs.ActionSize)
                ?? ExplosionGuard<T>.NonFinite(Buffer.Values.AsSpan(first, n), "value estimate", t, 1)
                ?? ExplosionGuard<T>.InvalidOldPolicy(networks.Head, Buffer.OldPolicy.AsSpan(first * oldPolicySize, n * oldPolicySize), t)) is { } failure)
            {
                Replay(networks, guard, failure, Buffer.Observations.AsSpan(first * observationSize, n * observationSize));
                return RolloutEnd.Exploded;
            }

            if (StepEnvs(t) is { } breakdown)
            {
                // Nothing the networks computed is at fault: there is no forward pass to replay.
                guard.Explode(breakdown, () => { });
                return RolloutEnd.Exploded;
            }

            Steps += n;
            Envs.Terminated.CopyTo(Buffer.Terminated.AsSpan(first, n));
            Envs.Truncated.CopyTo(Buffer.Truncated.AsSpan(first, n));
            // The fixed reward scale comes first (000 Table 6); x * 1 is exact, so the default changes nothing.
            for (int i = 0; i < n; i++)
            {
                rewards[i] = Envs.Rewards[i] * config.Rollout.RewardScale;
            }

            if (RewardScaler is null)
            {
                rewards.CopyTo(Buffer.Rewards.AsSpan(first, n));
            }
            else if (FreezeStatistics)
            {
                RewardScaler.ScaleFrozen(rewards, Buffer.Rewards.AsSpan(first, n));
            }
            else
            {
                RewardScaler.Scale(rewards, Envs.Terminated, Envs.Truncated, Buffer.Rewards.AsSpan(first, n));
            }

            foreach (EpisodeRecord episode in Envs.FinishedEpisodes)
            {
                finishedReturns[finishedCount++] = episode.Return;
                Episodes++;
            }

            if (!BootstrapTruncated(networks, guard, first))
            {
                return RolloutEnd.Exploded;
            }
        }

        return LastValues(networks, guard) ? RolloutEnd.Complete : RolloutEnd.Exploded;
    }

    /// <summary>GAE advantages and returns of the last rollout (004 eq 6).</summary>
    public void ComputeAdvantages()
        => GeneralizedAdvantageEstimator.Compute(
            new GaeRollout<double>
            {
                Rewards = Buffer.Rewards, Values = Buffer.Values, LastValues = Buffer.LastValues,
                Terminated = Buffer.Terminated, Truncated = Buffer.Truncated, FinalValues = Buffer.FinalValues,
            },
            new GaeOptions(config.Rollout.Gamma, config.Rollout.GaeLambda), Buffer.Advantages, Buffer.Returns);

    /// <summary>Normalises raw observation rows (updating the running statistics when asked), or copies them when observations are not normalised.</summary>
    public void Observe(ReadOnlySpan<double> raw, Span<double> destination, bool update)
    {
        if (ObservationNormalizer is null)
        {
            raw.CopyTo(destination);
        }
        else
        {
            ObservationNormalizer.Normalize(raw, destination, update);
        }
    }

    /// <summary>Stops the copies' worker threads.</summary>
    public void Dispose() => Envs.Dispose();

    /// <summary>
    /// Steps the copies with <see cref="envActions"/>; if a copy's dynamics broke down (a non-finite observation, an
    /// unstable simulation), "&lt;what&gt; from &lt;env&gt; (rollout step t, copy i, episode step k)", else null.
    /// </summary>
    private string? StepEnvs(int step)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            Envs.Step(envActions);
            return null;
        }
        catch (EnvInstabilityException e)
        {
            return $"{e.What} from {e.Env} (rollout step {step + 1}, copy {e.Copy + 1}, episode step {e.Step})";
        }
        finally
        {
            EnvTicks += Stopwatch.GetTimestamp() - start;
        }
    }

    /// <summary>V(final observation) for the copies the time limit cut in this step (zero elsewhere); false if one is non-finite.</summary>
    private bool BootstrapTruncated<T>(ActorCritic<T> networks, ExplosionGuard<T> guard, int first)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = config.Rollout.NumEnvs;
        Span<double> finalValues = Buffer.FinalValues.AsSpan(first, n);
        finalValues.Clear();
        if (networks.Value is null || !Envs.Truncated.Contains(true))
        {
            return true;
        }

        Observe(Envs.FinalObservations, normalized, update: false);
        long inference = Stopwatch.GetTimestamp();
        networks.Tape.Reset();
        using (networks.Tape.NoGrad())
        {
            networks.Values(networks.Input(normalized, n), finalValues);
        }

        InferenceTicks += Stopwatch.GetTimestamp() - inference;

        for (int i = 0; i < n; i++)
        {
            if (!Envs.Truncated[i])
            {
                finalValues[i] = 0;
            }
        }

        if (ExplosionGuard<T>.NonFinite(finalValues, "bootstrap value estimate", first / n, 1) is { } failure)
        {
            Replay(networks, guard, failure, normalized);
            return false;
        }

        return true;
    }

    /// <summary>V(observation after the last step), the bootstrap of every copy; false if one is non-finite.</summary>
    private bool LastValues<T>(ActorCritic<T> networks, ExplosionGuard<T> guard)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Observe(Envs.Observations, normalized, update: false);
        long inference = Stopwatch.GetTimestamp();
        networks.Tape.Reset();
        using (networks.Tape.NoGrad())
        {
            networks.Values(networks.Input(normalized, config.Rollout.NumEnvs), Buffer.LastValues);
        }

        InferenceTicks += Stopwatch.GetTimestamp() - inference;

        if (ExplosionGuard<T>.NonFinite(Buffer.LastValues, "bootstrap value estimate", config.Rollout.RolloutSteps, 1) is { } failure)
        {
            Replay(networks, guard, failure, normalized);
            return false;
        }

        return true;
    }

    /// <summary>Explodes the update and replays the networks' forward pass on <paramref name="observations"/> under the numerics monitor.</summary>
    private void Replay<T>(ActorCritic<T> networks, ExplosionGuard<T> guard, string failure, ReadOnlySpan<double> observations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double[] rows = observations.ToArray();
        guard.Explode(failure, () =>
        {
            networks.Tape.Reset();
            using (networks.Tape.NoGrad())
            {
                Tensor<T> x = networks.Input(rows, config.Rollout.NumEnvs);
                networks.Head.ActDeterministic(networks.Policy.Forward(x), envActions);
                networks.Value?.Forward(x);
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="episodes"/> deterministic episodes of <paramref name="networks"/>' policy (the Gaussian's
    /// mean, clipped or squashed; the categorical's argmax) on a fresh copy of the env, observations normalised by the
    /// frozen statistics, episode e reset with DeriveSeed(<paramref name="seed"/>, e). Returns each episode's
    /// undiscounted, unscaled return; the training envs, RNGs and statistics are untouched.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="episodes"/> is below 1.</exception>
    public double[] Evaluate<T>(ActorCritic<T> networks, int episodes, ulong seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        using IEnv env = config.MakeEnv();
        var observation = new double[Envs.ObservationSize];
        var input = new double[Envs.ObservationSize];
        var action = new double[Envs.ActionSize];
        var returns = new double[episodes];
        for (int e = 0; e < episodes; e++)
        {
            env.Reset(KernelRandom.DeriveSeed(seed, (ulong)e), observation);
            StepResult step;
            do
            {
                Observe(observation, input, update: false);
                networks.Tape.Reset();
                using (networks.Tape.NoGrad())
                {
                    networks.Head.ActDeterministic(networks.Policy.Forward(networks.Input(input, 1)), action);
                }

                step = env.Step(action, observation);
                returns[e] += step.Reward;
            }
            while (!step.Done);
        }

        return returns;
    }
}
