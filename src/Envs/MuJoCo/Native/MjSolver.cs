namespace Kernel.Envs.MuJoCo.Native;

/// <summary>Constraint solvers (mjtSolver, mjmodel.h 2.2.2).</summary>
public enum MjSolver
{
    /// <summary>Projected Gauss-Seidel (dual).</summary>
    PGS = 0,

    /// <summary>Conjugate gradient (primal).</summary>
    CG = 1,

    /// <summary>Newton (primal; MuJoCo's default).</summary>
    Newton = 2,
}
