namespace Kernel.Algorithms.Training;

/// <summary>
/// One rollout of N env copies for T steps, time-major: sample i = t * N + n is copy n's t-th transition. Holds what
/// the update needs: the observations the policy saw (normalised, as fed to the networks), the actions at which
/// log-probs are evaluated, the old log-probs, values and policy parameters (for the ratio and the analytic KL),
/// rewards as trained on (scaled), the episode flags, the values of truncated episodes' final observations, and
/// the advantages and returns computed from them. Allocated once; every rollout overwrites it.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class RolloutBuffer
{
    /// <summary>Allocates a buffer for <paramref name="steps"/> x <paramref name="envs"/> samples.</summary>
    /// <param name="steps">T, steps per copy.</param>
    /// <param name="envs">N, env copies.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Stored action length (the action dimension, or 1 for a discrete action).</param>
    /// <param name="policyParameterSize">Old-policy numbers kept per sample: 2m (mean, std) for a Gaussian, k logits for a categorical.</param>
    public RolloutBuffer(int steps, int envs, int observationSize, int actionSize, int policyParameterSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(envs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(policyParameterSize, 1);
        Steps = steps;
        Envs = envs;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        PolicyParameterSize = policyParameterSize;
        int samples = steps * envs;
        Observations = new double[samples * observationSize];
        Actions = new double[samples * actionSize];
        OldPolicy = new double[samples * policyParameterSize];
        LogProbs = new double[samples];
        Values = new double[samples];
        Rewards = new double[samples];
        Terminated = new bool[samples];
        Truncated = new bool[samples];
        FinalValues = new double[samples];
        LastValues = new double[envs];
        Advantages = new double[samples];
        Returns = new double[samples];
    }

    /// <summary>T, steps per copy.</summary>
    public int Steps { get; }

    /// <summary>N, env copies.</summary>
    public int Envs { get; }

    /// <summary>T x N.</summary>
    public int Count => Steps * Envs;

    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>Stored action length.</summary>
    public int ActionSize { get; }

    /// <summary>Old-policy numbers per sample.</summary>
    public int PolicyParameterSize { get; }

    /// <summary>Observations as the networks saw them, [T*N, obs].</summary>
    public double[] Observations { get; }

    /// <summary>Actions at which log-probs are evaluated, [T*N, act].</summary>
    public double[] Actions { get; }

    /// <summary>The old policy's parameters per sample, [T*N, p].</summary>
    public double[] OldPolicy { get; }

    /// <summary>log pi_old(a|s) in the run's precision, widened, [T*N].</summary>
    public double[] LogProbs { get; }

    /// <summary>V(s) at collection time, [T*N].</summary>
    public double[] Values { get; }

    /// <summary>Rewards as trained on (after scaling), [T*N].</summary>
    public double[] Rewards { get; }

    /// <summary>Whether the transition ended its episode in a terminal state, [T*N].</summary>
    public bool[] Terminated { get; }

    /// <summary>Whether the transition was cut by the time limit, [T*N].</summary>
    public bool[] Truncated { get; }

    /// <summary>V(final observation) where <see cref="Truncated"/> is set (bootstrap target), [T*N].</summary>
    public double[] FinalValues { get; }

    /// <summary>V(observation after the last step) per copy, [N].</summary>
    public double[] LastValues { get; }

    /// <summary>GAE advantages, [T*N].</summary>
    public double[] Advantages { get; }

    /// <summary>Value targets (advantages + values), [T*N].</summary>
    public double[] Returns { get; }
}
