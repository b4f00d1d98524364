namespace Kernel.Autodiff.Checking;

/// <summary>Which derivative a check compares with finite differences.</summary>
public enum GradCheckMode
{
    /// <summary>Reverse mode: the gradient of the (projected) output.</summary>
    Gradient,

    /// <summary>Forward mode: the Jacobian-vector product along a random tangent.</summary>
    Jvp,

    /// <summary>Double backward: the Hessian-vector product, and the symmetry u.Hv = v.Hu.</summary>
    Hvp,
}
