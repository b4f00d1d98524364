namespace Kernel.Algorithms.SecondOrder;

/// <summary>How <see cref="FisherVectorProduct{T}"/> computes F v (the two agree to rounding; tests check it).</summary>
public enum FisherProductMode
{
    /// <summary>
    /// Gauss-Newton [gauss-newton]: F v = J^T M J v with J the Jacobian of the distribution's coordinates (mean and
    /// log std, or logits) w.r.t. the parameters, J v by forward mode, J^T (.) by reverse mode, and M the
    /// distribution's analytic Fisher. No second derivatives: about the cost of two gradients.
    /// </summary>
    GaussNewton,

    /// <summary>
    /// Exact [exact]: the Hessian-vector product of the mean KL(pi_old || pi_theta) at theta = theta_old by double
    /// backward, grad((grad KL) . v) (004 section 4.3, 003).
    /// </summary>
    Exact,
}
