namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// Settings of <see cref="BacktrackingLineSearch"/>; defaults are 004 Table 2's TRPO column (KL target delta 0.01,
/// 10 steps, shrink 0.8). Immutable; thread-safe.
/// </summary>
public sealed record LineSearchOptions
{
    /// <summary>delta: the largest mean KL(pi_old || pi_new) a step may have, &gt; 0.</summary>
    public double MaxKl { get; init; } = 0.01;

    /// <summary>Steps tried (fractions 1, shrink, shrink^2, ...), &gt;= 1.</summary>
    public int MaxSteps { get; init; } = 10;

    /// <summary>The factor each rejected step is multiplied by, in (0, 1).</summary>
    public double Shrink { get; init; } = 0.8;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        SettingCheck.Require(MaxKl > 0 && double.IsFinite(MaxKl), "max_kl", MaxKl, "finite and > 0");
        SettingCheck.Require(MaxSteps >= 1, "max_steps", MaxSteps, "at least 1");
        SettingCheck.Require(Shrink is > 0 and < 1, "shrink", Shrink, "in (0, 1)");
    }
}
