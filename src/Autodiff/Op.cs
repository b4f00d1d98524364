namespace Kernel.Autodiff;

/// <summary>
/// An op: how to compute its output from its inputs, its backward rule (written in tensor ops, so the
/// backward pass is itself differentiable) and its forward-mode (JVP) rule. One stateless instance
/// per op and precision.
/// </summary>
internal abstract class Op<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The op's name in reports and errors, e.g. "exp".</summary>
    public abstract string Name { get; }

    /// <summary>The same op in fp64, for replaying an anomaly on up-cast inputs.</summary>
    public abstract Op<double> InDouble { get; }

    /// <summary>False for ops whose output carries no gradient (masks): their nodes never require one.</summary>
    public virtual bool IsDifferentiable => true;

    /// <summary>Computes node.Storage from node's inputs and constants.</summary>
    public abstract void Forward(Node<T> node);

    /// <summary>Adds this node's contribution to its inputs' gradients via <see cref="Tape{T}.AccumulateGradient"/>.</summary>
    public abstract void Backward(Node<T> node, Tensor<T> output, Tensor<T> outputGradient);

    /// <summary>The tangent of the output given the inputs' tangents (a missing tangent is zero), or null when all are missing.</summary>
    public abstract Tensor<T>? Jvp(Node<T> node, Tensor<T> output);
}
