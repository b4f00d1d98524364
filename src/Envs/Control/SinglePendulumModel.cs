using System.Numerics;

namespace Kernel.Envs.Control;

/// <summary>
/// The single pendulum of the seed paper's Fig 2(b), the smooth counterpart of <see cref="DoublePendulum"/>: the paper
/// gives no equations, so this is link 1 of the F.2 double pendulum alone (our choice), I theta'' = -m g lc sin(theta) + u
/// with I = 0.1 (about the pivot, as I1 in F.2), m = 0.15, g = 9.81, lc = 0.25; the torque is saturated to [-10, 10];
/// dt = 0.01 with RK4; s0 = (-0.2, 0); reward -(5 theta^2 + 0.5 theta'^2 + 0.00005 u^2) at the state before the step.
/// A planar autonomous system under smooth feedback cannot be chaotic (Poincare-Bendixson), which is why its landscape is
/// smooth. Not a registered env: it exists for the landscapes and Lyapunov estimates, in <typeparamref name="T"/>.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">The arithmetic.</typeparam>
public sealed class SinglePendulumModel<T> : IControlModel<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The name the landscape command knows this model by.</summary>
    public const string Name = "SinglePendulum";

    private static readonly T AngleWeight = T.CreateChecked(5);
    private static readonly T RateWeight = T.CreateChecked(0.5);
    private static readonly T ControlWeight = T.CreateChecked(0.00005);
    private static readonly T Inertia = T.CreateChecked(0.1);
    private static readonly T GravityTorque = T.CreateChecked(0.15 * 9.81 * 0.25); // m g lc
    private static readonly T Limit = T.CreateChecked(10);
    private static readonly T Dt = T.CreateChecked(0.01);

    private readonly T[] saturated = new T[1];
    private readonly Integrator<T> integrator = new(IntegratorKind.RungeKutta4, 2, Derivative);

    /// <inheritdoc />
    public int StateSize => 2;

    /// <inheritdoc />
    public int ActionSize => 1;

    /// <inheritdoc />
    public double StepSeconds => 0.01;

    /// <inheritdoc />
    public void WriteInitialState(Span<T> state)
    {
        state[0] = T.CreateChecked(-0.2);
        state[1] = T.Zero;
    }

    /// <inheritdoc />
    public T Step(Span<T> state, ReadOnlySpan<T> action)
    {
        saturated[0] = T.Clamp(action[0], -Limit, Limit);
        T cost = (AngleWeight * state[0] * state[0]) + (RateWeight * state[1] * state[1]) + (ControlWeight * saturated[0] * saturated[0]);
        integrator.Advance(state, saturated, Dt);
        return -cost;
    }

    private static void Derivative(ReadOnlySpan<T> s, ReadOnlySpan<T> u, Span<T> ds)
    {
        ds[0] = s[1];
        ds[1] = (u[0] - (GravityTorque * T.Sin(s[0]))) / Inertia;
    }
}
