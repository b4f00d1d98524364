using System.Numerics;
using Kernel.Envs.Control;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// A landscape system over a generic-T control model: the fixed start s0, the state observed directly, no termination.
/// In double on <see cref="DoublePendulumModel{T}"/> it is the DoublePendulum-v0 env's trajectory bit for bit.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">The arithmetic.</typeparam>
public sealed class ModelSystem<T> : ILandscapeSystem<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IControlModel<T> model;
    private readonly T[] state;

    /// <summary>Wraps <paramref name="model"/> (this system becomes its only user).</summary>
    public ModelSystem(IControlModel<T> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        state = new T[model.StateSize];
    }

    /// <inheritdoc />
    public int ObservationSize => model.StateSize;

    /// <inheritdoc />
    public int ActionSize => model.ActionSize;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <inheritdoc />
    public void Reset(ulong seed, Span<T> observation)
    {
        model.WriteInitialState(state);
        state.CopyTo(observation);
    }

    /// <inheritdoc />
    public T Step(ReadOnlySpan<T> action, Span<T> observation, out bool terminated)
    {
        T reward = model.Step(state, action);
        state.CopyTo(observation);
        terminated = false;
        return reward;
    }
}
