namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// Settings of <see cref="ConjugateGradient{T}"/>. Defaults are 004 Table 2's TRPO column (10 iterations) with a
/// relative residual tolerance of 1e-10 (reachable in fp64 only; fp32 and fp16 runs stop at the cap).
/// Immutable; thread-safe.
/// </summary>
public sealed record ConjugateGradientOptions
{
    /// <summary>Most iterations (matrix-vector products) per solve, &gt;= 1.</summary>
    public int MaxIterations { get; init; } = 10;

    /// <summary>Stop once ||r|| &lt;= tolerance * ||b|| (the recurrence residual), &gt;= 0.</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>lambda &gt;= 0: solves (A + lambda I) x = b, for operators that do not damp themselves.</summary>
    public double Damping { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        SettingCheck.Require(MaxIterations >= 1, "max_iterations", MaxIterations, "at least 1");
        SettingCheck.Require(Tolerance >= 0 && double.IsFinite(Tolerance), "tolerance", Tolerance, "finite and >= 0");
        SettingCheck.Require(Damping >= 0 && double.IsFinite(Damping), "damping", Damping, "finite and >= 0");
    }
}
