using System.Numerics;

namespace Kernel.Envs.Control;

/// <summary>
/// Advances s' = f(s, u) by one step of length dt with explicit Euler or classical RK4, the control held
/// constant over the step, every operation in <typeparamref name="T"/> (double for the envs; float gives the fp32
/// closed loop of the landscapes). For double the operations and their order are those the envs always used, so
/// their trajectories are unchanged bit for bit. Owns its scratch buffers, so a step allocates nothing.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">The arithmetic.</typeparam>
public sealed class Integrator<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private static readonly T Half = T.CreateChecked(0.5);
    private static readonly T Two = T.CreateChecked(2);
    private static readonly T Six = T.CreateChecked(6);

    private readonly StateDerivative<T> derivative;
    private readonly T[] k1;
    private readonly T[] k2;
    private readonly T[] k3;
    private readonly T[] k4;
    private readonly T[] probe;

    /// <summary>Creates an integrator of <paramref name="kind"/> for a state of <paramref name="dimension"/> values.</summary>
    public Integrator(IntegratorKind kind, int dimension, StateDerivative<T> derivative)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentNullException.ThrowIfNull(derivative);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown integrator.");
        }

        Kind = kind;
        Dimension = dimension;
        this.derivative = derivative;
        k1 = new T[dimension];
        k2 = new T[dimension];
        k3 = new T[dimension];
        k4 = new T[dimension];
        probe = new T[dimension];
    }

    /// <summary>The scheme.</summary>
    public IntegratorKind Kind { get; }

    /// <summary>The state length.</summary>
    public int Dimension { get; }

    /// <summary>Replaces <paramref name="state"/> by its value dt later under the constant control <paramref name="control"/>.</summary>
    public void Advance(Span<T> state, ReadOnlySpan<T> control, T dt)
    {
        if (state.Length != Dimension)
        {
            throw new ArgumentException($"the state has {state.Length} values; the integrator was built for {Dimension}.", nameof(state));
        }

        int n = Dimension;
        derivative(state, control, k1);
        if (Kind == IntegratorKind.Euler)
        {
            for (int i = 0; i < n; i++)
            {
                state[i] += dt * k1[i];
            }

            return;
        }

        T half = Half * dt;
        for (int i = 0; i < n; i++)
        {
            probe[i] = state[i] + (half * k1[i]);
        }

        derivative(probe, control, k2);
        for (int i = 0; i < n; i++)
        {
            probe[i] = state[i] + (half * k2[i]);
        }

        derivative(probe, control, k3);
        for (int i = 0; i < n; i++)
        {
            probe[i] = state[i] + (dt * k3[i]);
        }

        derivative(probe, control, k4);
        T sixth = dt / Six;
        for (int i = 0; i < n; i++)
        {
            state[i] += sixth * (k1[i] + (Two * k2[i]) + (Two * k3[i]) + k4[i]);
        }
    }
}
