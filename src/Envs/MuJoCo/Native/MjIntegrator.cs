namespace Kernel.Envs.MuJoCo.Native;

/// <summary>Numerical integrators (mjtIntegrator, mjmodel.h 2.2.2).</summary>
public enum MjIntegrator
{
    /// <summary>Semi-implicit Euler (MuJoCo's default).</summary>
    Euler = 0,

    /// <summary>Fourth-order Runge-Kutta.</summary>
    RK4 = 1,

    /// <summary>Implicit in velocity.</summary>
    Implicit = 2,
}
