namespace Kernel.Envs.Control;

/// <summary>How a control env discretizes its continuous dynamics over one step of length dt.</summary>
public enum IntegratorKind
{
    /// <summary>Explicit (forward) Euler: s' = s + dt f(s, u).</summary>
    Euler,

    /// <summary>Classical fourth-order Runge-Kutta with the control held constant over the step (zero-order hold).</summary>
    RungeKutta4,
}
