namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// What a trust-region line search measures at the policy's current parameters: the surrogate objective
/// L(theta) = mean(r A) to maximise and the mean KL(pi_old || pi_theta) it is constrained by, both in fp64.
/// </summary>
public interface ITrustRegionObjective
{
    /// <summary>Evaluates both at the current parameters (non-finite values count as a rejected step).</summary>
    (double Surrogate, double MeanKl) Evaluate();
}
