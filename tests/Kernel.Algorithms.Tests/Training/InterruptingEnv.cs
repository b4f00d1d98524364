using Kernel.Algorithms.Training;
using Kernel.Envs;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>
/// A one-dimensional drift task whose instance asks <see cref="Target"/> to stop during its
/// <see cref="TriggerStep"/>-th step, so a test interrupts a rollout at an exact step instead of racing a watcher thread
/// against it (a fast rollout could end before the watcher ran). Registered once per process as <see cref="EnvId"/>.
/// </summary>
internal sealed class InterruptingEnv : EnvBase
{
    /// <summary>The registered id.</summary>
    public const string EnvId = "RunSafety-Interrupting-v0";

    private static readonly Lazy<bool> Registration = new(() =>
    {
        Envs.Envs.Register(new EnvRegistration(EnvId, 200, "A drift task that requests an interrupt at a set step (tests)."), _ => new InterruptingEnv());
        return true;
    });

    private double position;
    private long steps;

    private InterruptingEnv()
        : base(EnvId, BoxSpace.Uniform(1, double.NegativeInfinity, double.PositiveInfinity), BoxSpace.Uniform(1, -1, 1), stateSize: 1)
    {
    }

    /// <summary>The request to make, or null for none. Set by the one test that uses it.</summary>
    public static InterruptRequest? Target { get; set; }

    /// <summary>The step (counted over the instance's life, 1-based) during which <see cref="Target"/> is requested.</summary>
    public static long TriggerStep { get; set; }

    /// <summary>Registers the env (once per process).</summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    public override void GetState(Span<double> state) => state[0] = position;

    protected override void ResetCore(Span<double> observation)
    {
        position = Random.Uniform(-1, 1);
        observation[0] = position;
    }

    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        if (++steps == TriggerStep)
        {
            Target?.Request("SIGINT");
        }

        double reward = -(position * position);
        position += 0.1 * Math.Clamp(action[0], -1, 1);
        observation[0] = position;
        return new StepResult(reward, Terminated: false, Truncated: false);
    }

    protected override void SetStateCore(ReadOnlySpan<double> state) => position = state[0];
}
