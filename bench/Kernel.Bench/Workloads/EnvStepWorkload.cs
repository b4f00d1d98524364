using Kernel.Bench.Harness;
using Kernel.Envs;

namespace Kernel.Bench.Workloads;

/// <summary>
/// One step of one env with a pre-drawn random action, resetting when the episode ends (the reset is part of the
/// cost, once per episode, as in a rollout). Check: the rewards of the first 16 steps after reset with seed 1.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class EnvStepWorkload : IWorkload
{
    private const int ActionCount = 1 << 14;
    private const int CheckSteps = 16;

    private readonly IEnv env;
    private readonly double[] observation;
    private readonly double[] actions;
    private readonly int actionSize;
    private int next;

    /// <summary>Makes and resets the env (seed 1) and draws the actions (seed 42).</summary>
    /// <param name="id">A registered env id, e.g. "Pendulum-v1".</param>
    public EnvStepWorkload(string id)
    {
        env = Kernel.Envs.Envs.Make(id);
        actionSize = env.ActionSpace.Dimension;
        observation = new double[env.ObservationSpace.Dimension];
        actions = RandomActions.Draw(env.ActionSpace, ActionCount, 42);
        env.Reset(1, observation);
    }

    /// <inheritdoc />
    public void Activate()
    {
    }

    /// <inheritdoc />
    public void Run() => Step();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        var rewards = new double[CheckSteps];
        for (int i = 0; i < CheckSteps; i++)
        {
            rewards[i] = Step();
        }

        return new Dictionary<string, double[]> { ["rewards"] = rewards };
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private double Step()
    {
        StepResult result = env.Step(actions.AsSpan(next * actionSize, actionSize), observation);
        next = next + 1 == ActionCount ? 0 : next + 1;
        if (result.Done)
        {
            env.Reset(null, observation);
        }

        return result.Reward;
    }
}
