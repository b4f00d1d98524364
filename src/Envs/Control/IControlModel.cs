using System.Numerics;

namespace Kernel.Envs.Control;

/// <summary>
/// A deterministic discrete-time control system computed in <typeparamref name="T"/>: the state is the observation,
/// the start is one fixed state, and a step saturates the action, scores it and advances the state in place. The
/// dynamics core of the control envs (their double results come from the double instance) and the closed loop of
/// the fp32/fp64 landscapes. Thread-safety: one thread at a time (a model owns scratch buffers).
/// </summary>
/// <typeparam name="T">The arithmetic.</typeparam>
public interface IControlModel<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The state (and observation) length.</summary>
    int StateSize { get; }

    /// <summary>The action length.</summary>
    int ActionSize { get; }

    /// <summary>Seconds per step (for exponents per second).</summary>
    double StepSeconds { get; }

    /// <summary>Writes the fixed initial state s0.</summary>
    void WriteInitialState(Span<T> state);

    /// <summary>Saturates <paramref name="action"/>, returns the reward of (state, saturated action) and advances <paramref name="state"/> one step.</summary>
    T Step(Span<T> state, ReadOnlySpan<T> action);
}
