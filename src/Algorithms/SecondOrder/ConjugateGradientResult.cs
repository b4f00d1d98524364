namespace Kernel.Algorithms.SecondOrder;

/// <summary>The outcome of one <see cref="ConjugateGradient{T}.Solve"/>: honest about non-convergence.</summary>
/// <param name="Iterations">Matrix-vector products used (iterations completed).</param>
/// <param name="Stop">Why it stopped.</param>
/// <param name="ResidualNorm">||r|| of the final iterate (the recurrence residual, in fp64).</param>
/// <param name="RelativeResidual">||r|| / ||b|| (0 when b = 0).</param>
public readonly record struct ConjugateGradientResult(int Iterations, ConjugateGradientStop Stop, double ResidualNorm, double RelativeResidual)
{
    /// <summary>Whether the residual reached the tolerance.</summary>
    public bool Converged => Stop == ConjugateGradientStop.Converged;
}
