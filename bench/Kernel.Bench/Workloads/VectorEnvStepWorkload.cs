using Kernel.Bench.Harness;
using Kernel.Envs;

namespace Kernel.Bench.Workloads;

/// <summary>
/// One batch step of a <see cref="VectorEnv"/> with pre-drawn random actions (same-step autoreset included), counted
/// as <see cref="VectorEnv.Count"/> operations so the time is per env step. Check: the rewards of the first batch step
/// after reset with seed 1. Thread-safety: one thread at a time.
/// </summary>
public sealed class VectorEnvStepWorkload : IWorkload
{
    private const int ActionBatches = 256;

    private readonly VectorEnv envs;
    private readonly double[] actions;
    private readonly int batchLength;
    private int next;

    /// <summary>Makes and resets the copies (seed 1) and draws the actions (seed 42).</summary>
    /// <param name="id">A registered env id.</param>
    /// <param name="copies">Number of copies, at least 1.</param>
    public VectorEnvStepWorkload(string id, int copies)
    {
        envs = new VectorEnv(id, copies);
        batchLength = copies * envs.ActionSize;
        actions = RandomActions.Draw(envs.ActionSpace, ActionBatches * copies, 42);
        envs.Reset(1);
    }

    /// <inheritdoc />
    public void Activate()
    {
    }

    /// <inheritdoc />
    public void Run()
    {
        envs.Step(actions.AsSpan(next * batchLength, batchLength));
        next = next + 1 == ActionBatches ? 0 : next + 1;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        Run();
        return new Dictionary<string, double[]> { ["rewards"] = envs.Rewards.ToArray() };
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
