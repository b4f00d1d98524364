namespace Kernel.Envs;

/// <summary>
/// An environment with Gymnasium's semantics. Observations and actions are flat spans of doubles (a discrete
/// action is one double holding the index). Environments speak doubles only; they know nothing of tensors.
/// Disposing frees what the env owns outside the managed heap (a MuJoCo env's simulation data; nothing for the
/// classic envs). Thread-safety: an env instance belongs to one thread at a time.
/// </summary>
public interface IEnv : IDisposable
{
    /// <summary>The registry id, e.g. "Pendulum-v1".</summary>
    string Id { get; }

    /// <summary>The observation space.</summary>
    BoxSpace ObservationSpace { get; }

    /// <summary>The action space (a <see cref="BoxSpace"/> or a <see cref="DiscreteSpace"/>).</summary>
    Space ActionSpace { get; }

    /// <summary>The length of the internal state (<see cref="GetState"/>).</summary>
    int StateSize { get; }

    /// <summary>
    /// Whether a step costs enough (tens of microseconds: a physics engine) that <see cref="VectorEnv"/> spreads the
    /// copies over one thread per core by default, and whether it may: the env can be stepped on a thread other than
    /// the one that made it. Cheap envs say false and step on the caller, where a thread hand-off would cost more
    /// than the step.
    /// </summary>
    bool ParallelStepping { get; }

    /// <summary>
    /// Starts an episode and writes the first observation. A seed re-seeds the env's random stream (as
    /// Gymnasium's reset(seed=...)); null continues the current stream.
    /// </summary>
    void Reset(ulong? seed, Span<double> observation);

    /// <summary>Applies <paramref name="action"/>, writes the next observation and returns reward and end flags.</summary>
    StepResult Step(ReadOnlySpan<double> action, Span<double> observation);

    /// <summary>Copies the internal state (Gymnasium's env.unwrapped.state).</summary>
    void GetState(Span<double> state);

    /// <summary>Overwrites the internal state (for replays and comparisons with other simulators); the episode continues from it.</summary>
    void SetState(ReadOnlySpan<double> state);

    /// <summary>Everything that decides the env's future (state, random stream, step count, episode flags), for checkpoints.</summary>
    EnvCheckpoint Capture();

    /// <summary>Puts the env back exactly where <see cref="Capture"/> found it; the same actions then give the same steps.</summary>
    /// <exception cref="ArgumentException">The checkpoint belongs to another env id or has the wrong sizes.</exception>
    void Restore(EnvCheckpoint checkpoint);
}
