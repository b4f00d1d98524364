namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// Settings of the natural-gradient policy step of TRPO and NPG (<see cref="TrustRegionUpdate{T}"/>). Defaults are
/// 004 Table 2's TRPO column: KL target delta 0.01, CG damping 0.1, 10 CG iterations, 10 line-search steps, shrink 0.8.
/// Immutable; thread-safe.
/// </summary>
public sealed record TrustRegionOptions
{
    /// <summary>delta: the mean KL(pi_old || pi_new) each step aims at (NPG) or may not exceed (TRPO), &gt; 0.</summary>
    public double MaxKl { get; init; } = 0.01;

    /// <summary>lambda in (F + lambda I): keeps CG well posed where the sampled Fisher is singular, &gt;= 0.</summary>
    public double CgDamping { get; init; } = 0.1;

    /// <summary>CG iterations (Fisher-vector products) per step, &gt;= 1.</summary>
    public int CgIterations { get; init; } = 10;

    /// <summary>CG's relative residual tolerance, &gt;= 0.</summary>
    public double CgTolerance { get; init; } = 1e-10;

    /// <summary>Line-search steps (TRPO), &gt;= 1.</summary>
    [Registry.AppliesTo(Registry.SettingScopes.LineSearch)]
    public int LineSearchSteps { get; init; } = 10;

    /// <summary>Line-search shrink factor (TRPO), in (0, 1).</summary>
    [Registry.AppliesTo(Registry.SettingScopes.LineSearch)]
    public double LineSearchShrink { get; init; } = 0.8;

    /// <summary>How the Fisher-vector products are computed.</summary>
    public FisherProductMode FisherProduct { get; init; } = FisherProductMode.GaussNewton;

    /// <summary>The products use every k-th state of the batch (004 section 4.3's subsample); 1 uses all, &gt;= 1.</summary>
    public int FisherStride { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range (snake_case).</summary>
    public void Validate()
    {
        SettingCheck.Require(MaxKl > 0 && double.IsFinite(MaxKl), "max_kl", MaxKl, "finite and > 0");
        SettingCheck.Require(CgDamping >= 0 && double.IsFinite(CgDamping), "cg_damping", CgDamping, "finite and >= 0");
        SettingCheck.Require(CgIterations >= 1, "cg_iterations", CgIterations, "at least 1");
        SettingCheck.Require(CgTolerance >= 0 && double.IsFinite(CgTolerance), "cg_tolerance", CgTolerance, "finite and >= 0");
        SettingCheck.Require(LineSearchSteps >= 1, "line_search_steps", LineSearchSteps, "at least 1");
        SettingCheck.Require(LineSearchShrink is > 0 and < 1, "line_search_shrink", LineSearchShrink, "in (0, 1)");
        SettingCheck.Require(Enum.IsDefined(FisherProduct), "fisher_product", FisherProduct, "gauss-newton or exact");
        SettingCheck.Require(FisherStride >= 1, "fisher_stride", FisherStride, "at least 1");
    }
}
