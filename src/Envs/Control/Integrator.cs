namespace Kernel.Envs.Control;

/// <summary>
/// Advances s' = f(s, u) by one step of length dt with explicit Euler or classical RK4, the control held
/// constant over the step. Owns its scratch buffers, so a step allocates nothing. Thread-safety: one thread at a time.
/// </summary>
public sealed class Integrator
{
    /// <summary>The option value selecting <see cref="IntegratorKind.Euler"/>.</summary>
    public const string EulerName = "euler";

    /// <summary>The option value selecting <see cref="IntegratorKind.RungeKutta4"/>.</summary>
    public const string RungeKutta4Name = "rk4";

    private readonly StateDerivative derivative;
    private readonly double[] k1;
    private readonly double[] k2;
    private readonly double[] k3;
    private readonly double[] k4;
    private readonly double[] probe;

    /// <summary>Creates an integrator of <paramref name="kind"/> for a state of <paramref name="dimension"/> values.</summary>
    public Integrator(IntegratorKind kind, int dimension, StateDerivative derivative)
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
        k1 = new double[dimension];
        k2 = new double[dimension];
        k3 = new double[dimension];
        k4 = new double[dimension];
        probe = new double[dimension];
    }

    /// <summary>The scheme.</summary>
    public IntegratorKind Kind { get; }

    /// <summary>The state length.</summary>
    public int Dimension { get; }

    /// <summary>Reads the <c>integrator</c> option ("euler" or "rk4", case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public static IntegratorKind ReadOption(EnvOptions options, IntegratorKind fallback)
    {
        ArgumentNullException.ThrowIfNull(options);
        string fallbackName = fallback == IntegratorKind.Euler ? EulerName : RungeKutta4Name;
        string name = options.GetChoice("integrator", fallbackName, EulerName, RungeKutta4Name);
        return name == EulerName ? IntegratorKind.Euler : IntegratorKind.RungeKutta4;
    }

    /// <summary>Replaces <paramref name="state"/> by its value dt later under the constant control <paramref name="control"/>.</summary>
    public void Advance(Span<double> state, ReadOnlySpan<double> control, double dt)
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

        double half = 0.5 * dt;
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
        double sixth = dt / 6.0;
        for (int i = 0; i < n; i++)
        {
            state[i] += sixth * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]);
        }
    }
}
