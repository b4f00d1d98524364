namespace Kernel.Algorithms.SecondOrder;

/// <summary>Why a conjugate-gradient solve stopped.</summary>
public enum ConjugateGradientStop
{
    /// <summary>The residual reached the tolerance.</summary>
    Converged,

    /// <summary>The iteration cap was reached first: the iterate is the last one, not a solution to tolerance.</summary>
    MaxIterations,

    /// <summary>
    /// p^T A p was not a positive finite number (the operator is not positive definite in the precision used, or a
    /// value overflowed): the iterate is the last one before the breakdown.
    /// </summary>
    Breakdown,
}
