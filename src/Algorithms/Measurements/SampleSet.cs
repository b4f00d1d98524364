using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// State-action pairs of a frozen policy for the measurements of seed 001 section 5: consecutive rollouts of the run's
/// env copies (each rollout num_envs x rollout_steps, advantages and value targets computed by the run's own GAE as
/// the trainer computes them), laid end to end in one time-major <see cref="RolloutBuffer"/>: sample i = t * N + n is
/// copy n's t-th transition, episodes continuing from one rollout into the next. The first <see cref="Count"/>
/// samples are the ones asked for; the buffer holds whole rollouts. Allocated once, refilled by
/// <see cref="FrozenPolicySampler{T}.Collect"/>.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class SampleSet
{
    /// <summary>A set for <paramref name="count"/> samples of rollouts shaped like <paramref name="config"/>'s.</summary>
    /// <param name="config">The run's configuration (num_envs, rollout_steps).</param>
    /// <param name="count">Samples wanted (at least 1); whole rollouts are held, so up to one rollout more.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Stored action length.</param>
    /// <param name="oldPolicySize">Old-policy numbers per sample.</param>
    public SampleSet(TrainConfig config, int count, int observationSize, int actionSize, int oldPolicySize)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        Rollouts = (count + config.BatchSize - 1) / config.BatchSize;
        Buffer = new RolloutBuffer(Rollouts * config.Rollout.RolloutSteps, config.Rollout.NumEnvs, observationSize, actionSize, oldPolicySize);
        LastObservations = new double[Rollouts * config.Rollout.NumEnvs * observationSize];
    }

    /// <summary>Per rollout, the observations after its last step as the networks see them, [rollouts * N, obs]: the states GAE bootstraps each rollout from.</summary>
    public double[] LastObservations { get; }

    /// <summary>Samples wanted: the first <see cref="Count"/> rows of <see cref="Buffer"/>.</summary>
    public int Count { get; }

    /// <summary>Whole rollouts held.</summary>
    public int Rollouts { get; }

    /// <summary>The rollouts end to end (every field of <see cref="RolloutBuffer"/> except <see cref="RolloutBuffer.LastValues"/>, which holds the last rollout's).</summary>
    public RolloutBuffer Buffer { get; }

    /// <summary>Wall-clock seconds the last fill took (env steps, policy and value forward passes, GAE).</summary>
    public double CollectSeconds { get; internal set; }

    /// <summary>Env steps the last fill took (warm-up included).</summary>
    public long StepsTaken { get; internal set; }

    /// <summary>Copies rollout <paramref name="index"/> (a buffer shaped like one of the run's) into its place.</summary>
    internal void Put(int index, RolloutBuffer rollout)
    {
        int rows = rollout.Count;
        int first = index * rows;
        rollout.Observations.CopyTo(Buffer.Observations.AsSpan(first * rollout.ObservationSize));
        rollout.Actions.CopyTo(Buffer.Actions.AsSpan(first * rollout.ActionSize));
        rollout.OldPolicy.CopyTo(Buffer.OldPolicy.AsSpan(first * rollout.PolicyParameterSize));
        rollout.LogProbs.CopyTo(Buffer.LogProbs.AsSpan(first));
        rollout.Values.CopyTo(Buffer.Values.AsSpan(first));
        rollout.Rewards.CopyTo(Buffer.Rewards.AsSpan(first));
        rollout.Terminated.CopyTo(Buffer.Terminated.AsSpan(first));
        rollout.Truncated.CopyTo(Buffer.Truncated.AsSpan(first));
        rollout.FinalValues.CopyTo(Buffer.FinalValues.AsSpan(first));
        rollout.Advantages.CopyTo(Buffer.Advantages.AsSpan(first));
        rollout.Returns.CopyTo(Buffer.Returns.AsSpan(first));
        rollout.LastValues.CopyTo(Buffer.LastValues);
    }
}
