using System.Numerics;

namespace Kernel.Envs.Control;

/// <summary>
/// The dynamics, saturation and reward of <see cref="DoublePendulum"/> (the seed paper's F.2; equations in that class's
/// summary) computed in <typeparamref name="T"/>. The env steps the double instance, so an fp64 closed loop built on
/// this model is the env's trajectory bit for bit; the float instance rounds every parameter and operation to float.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">The arithmetic.</typeparam>
public sealed class DoublePendulumModel<T> : IControlModel<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private static readonly T Two = T.CreateChecked(2);
    private static readonly T MinusTwo = T.CreateChecked(-2);
    private static readonly T AngleWeight = T.CreateChecked(5);
    private static readonly T RateWeight = T.CreateChecked(0.5);
    private static readonly T ControlWeight = T.CreateChecked(0.00005);

    private readonly T i1;
    private readonly T i2;
    private readonly T m1;
    private readonly T m2;
    private readonly T g;
    private readonly T l1;
    private readonly T lc1;
    private readonly T lc2;
    private readonly T dt;
    private readonly T limit;
    private readonly T[] saturated = new T[2];
    private readonly Integrator<T> integrator;

    /// <summary>Creates the model with the parameters of <paramref name="env"/> (rounded to <typeparamref name="T"/>).</summary>
    public DoublePendulumModel(DoublePendulum env)
    {
        ArgumentNullException.ThrowIfNull(env);
        i1 = T.CreateChecked(env.I1);
        i2 = T.CreateChecked(env.I2);
        m1 = T.CreateChecked(env.M1);
        m2 = T.CreateChecked(env.M2);
        g = T.CreateChecked(env.G);
        l1 = T.CreateChecked(env.L1);
        lc1 = T.CreateChecked(env.Lc1);
        lc2 = T.CreateChecked(env.Lc2);
        dt = T.CreateChecked(env.Dt);
        limit = T.CreateChecked(env.ControlLimit);
        StepSeconds = env.Dt;
        integrator = new Integrator<T>(env.IntegratorKind, 4, Derivative);
    }

    /// <inheritdoc />
    public int StateSize => 4;

    /// <inheritdoc />
    public int ActionSize => 2;

    /// <inheritdoc />
    public double StepSeconds { get; }

    /// <inheritdoc />
    public void WriteInitialState(Span<T> state)
    {
        ReadOnlySpan<double> s0 = DoublePendulum.InitialState;
        for (int i = 0; i < 4; i++)
        {
            state[i] = T.CreateChecked(s0[i]);
        }
    }

    /// <inheritdoc />
    public T Step(Span<T> state, ReadOnlySpan<T> action)
    {
        saturated[0] = T.Clamp(action[0], -limit, limit);
        saturated[1] = T.Clamp(action[1], -limit, limit);
        T cost = (AngleWeight * ((state[0] * state[0]) + (state[1] * state[1])))
            + (RateWeight * ((state[2] * state[2]) + (state[3] * state[3])))
            + (ControlWeight * ((saturated[0] * saturated[0]) + (saturated[1] * saturated[1])));
        integrator.Advance(state, saturated, dt);
        return -cost;
    }

    /// <summary>Writes q'' for the state s and the saturated control u (the manipulator equation solved for q'').</summary>
    private void Derivative(ReadOnlySpan<T> s, ReadOnlySpan<T> u, Span<T> ds)
    {
        T theta1 = s[0];
        T theta2 = s[1];
        T omega1 = s[2];
        T omega2 = s[3];
        T c2 = T.Cos(theta2);
        T s2 = T.Sin(theta2);
        T h = m2 * l1 * lc2;

        T m11 = i1 + i2 + (m2 * l1 * l1) + (Two * h * c2);
        T m12 = i2 + (h * c2);
        T m22 = i2;

        // C(q, q') q'
        T cq1 = (MinusTwo * h * s2 * omega2 * omega1) - (h * s2 * omega2 * omega2);
        T cq2 = h * s2 * omega1 * omega1;

        T s12 = T.Sin(theta1 + theta2);
        T tau1 = (-m1 * g * lc1 * T.Sin(theta1)) - (m2 * g * ((l1 * T.Sin(theta1)) + (lc2 * s12)));
        T tau2 = -m2 * g * lc2 * s12;

        T r1 = tau1 + u[0] - cq1;
        T r2 = tau2 + u[1] - cq2;
        T det = (m11 * m22) - (m12 * m12);
        ds[0] = omega1;
        ds[1] = omega2;
        ds[2] = ((m22 * r1) - (m12 * r2)) / det;
        ds[3] = ((m11 * r2) - (m12 * r1)) / det;
    }
}
