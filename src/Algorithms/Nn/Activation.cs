namespace Kernel.Algorithms.Nn;

/// <summary>The hidden-layer nonlinearity of an <see cref="Mlp{T}"/> (the output layer is always the identity).</summary>
public enum Activation
{
    /// <summary>tanh, the usual choice in policy-gradient implementations (seed 001, 9.2.1 item 4).</summary>
    Tanh,

    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>x * sigmoid(x).</summary>
    Silu,
}
