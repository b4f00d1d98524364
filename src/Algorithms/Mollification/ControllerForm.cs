namespace Kernel.Algorithms.Mollification;

/// <summary>The form of the deterministic controller (seed paper 002, section 6 and appendix F).</summary>
public enum ControllerForm
{
    /// <summary>u = -K s (the paper's double pendulum).</summary>
    Linear,

    /// <summary>u = -K s + b (the paper's planar quadrotor).</summary>
    Affine,

    /// <summary>u = W2 tanh(W1 s) without biases (the paper's hopper, F.1).</summary>
    Mlp,
}
