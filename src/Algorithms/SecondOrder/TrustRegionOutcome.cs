namespace Kernel.Algorithms.SecondOrder;

/// <summary>What one <see cref="TrustRegionUpdate{T}.Step"/> did (the trainer's cg_iters, cg_residual, linesearch_steps and grad_norm).</summary>
/// <param name="GradNorm">||g||, the surrogate gradient's norm at theta_old (fp64).</param>
/// <param name="Cg">The conjugate-gradient solve for the direction F^-1 g.</param>
/// <param name="Curvature">x^T F x of the direction (with damping).</param>
/// <param name="LineSearch">TRPO's line search, or null for NPG or when no step was taken.</param>
/// <param name="Stepped">Whether the parameters moved.</param>
/// <param name="Failure">A non-finite surrogate, gradient, curvature or parameter, named; null when all was finite.</param>
public readonly record struct TrustRegionOutcome(double GradNorm, ConjugateGradientResult Cg, double Curvature, LineSearchResult? LineSearch, bool Stepped, string? Failure);
