namespace Kernel.Algorithms.SecondOrder;

/// <summary>The step length of a natural-gradient step that meets a KL budget to second order.</summary>
public static class NaturalStep
{
    /// <summary>
    /// sqrt(2 delta / (x^T F x)) (004 section 4.3): the multiple of the direction x whose quadratic KL model
    /// 1/2 (s x)^T F (s x) equals delta. Throws when x^T F x is not a positive finite number, since no step along x
    /// then has a defined length (the caller reports it and skips the update).
    /// </summary>
    /// <param name="curvature">x^T F x.</param>
    /// <param name="maxKl">delta &gt; 0.</param>
    public static double Scale(double curvature, double maxKl)
    {
        if (!(maxKl > 0) || !double.IsFinite(maxKl))
        {
            throw new ArgumentOutOfRangeException(nameof(maxKl), maxKl, "the KL budget delta must be finite and > 0.");
        }

        if (!(curvature > 0) || !double.IsFinite(curvature))
        {
            throw new ArgumentOutOfRangeException(nameof(curvature), curvature, "x^T F x must be a positive finite number for a natural step.");
        }

        return Math.Sqrt(2 * maxKl / curvature);
    }
}
