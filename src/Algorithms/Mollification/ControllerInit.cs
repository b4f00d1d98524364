namespace Kernel.Algorithms.Mollification;

/// <summary>Where the controller's parameters start.</summary>
public enum ControllerInit
{
    /// <summary>The double pendulum's K0 in the paper's form u = -K0 s (F.2; unstable as printed); DoublePendulum-v0 only.</summary>
    K0,

    /// <summary>The planar quadrotor's LQR optimum u0 = -K0 s + b0 (F.3); PlanarQuadrotor-v0 only, affine form.</summary>
    Lqr,

    /// <summary>PyTorch's default nn.Linear weight draw, U(+-1/sqrt(fan_in)), per layer; the bias of the affine form starts at 0.</summary>
    Random,
}
