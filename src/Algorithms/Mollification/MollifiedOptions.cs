using Kernel.Algorithms.Registry;

namespace Kernel.Algorithms.Mollification;

/// <summary>
/// The settings of mollified-pg, seed paper 002's policy gradient (JSON <c>mollified</c>; applies only to that
/// algorithm): the deterministic controller, its initialisation, the fixed sigma of the Gaussian policy around it,
/// the normalised step size delta and the batch of whole trajectories. The discount is rollout.gamma (Table 1: 0.99).
/// Defaults are Table 1's double pendulum column where the paper gives one. Immutable; thread-safe.
/// </summary>
public sealed record MollifiedOptions
{
    /// <summary>The controller u = mu(s; theta): linear (u = -K s), affine (u = -K s + b) or mlp (u = W2 tanh(W1 s), no biases).</summary>
    public ControllerForm Controller { get; init; } = ControllerForm.Linear;

    /// <summary>Hidden tanh units of the mlp controller (F.1: 16).</summary>
    public int ControllerHidden { get; init; } = 16;

    /// <summary>Starting parameters: k0 (DoublePendulum-v0's K0 in u = -K0 s), lqr (PlanarQuadrotor-v0's u0 = -K0 s + b0) or random.</summary>
    public ControllerInit Init { get; init; } = ControllerInit.Random;

    /// <summary>The fixed (not learned) standard deviation sigma of the Gaussian policy N(mu(s; theta), sigma^2 I) (F.3: 0.1 for the quadrotor).</summary>
    public double FixedStd { get; init; } = 0.1;

    /// <summary>The step size delta: each epoch moves theta by delta along the unit-norm gradient (F: 1 for hopper and double pendulum, 0.001 for the quadrotor).</summary>
    public double StepSize { get; init; } = 1.0;

    /// <summary>Whole trajectories sampled per epoch, each from the env's own reset (Table 1: 16 quadrotor, 16 double pendulum, 32 hopper).</summary>
    public int TrajectoriesPerEpoch { get; init; } = 16;

    /// <summary>The most steps of one trajectory; an env's own time limit or termination ends it earlier (Table 1: 1000).</summary>
    public int Horizon { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range (snake_case name, value, what is allowed).</summary>
    public void Validate()
    {
        SettingCheck.Require(Enum.IsDefined(Controller), "controller", Controller, "linear, affine or mlp");
        SettingCheck.Require(ControllerHidden is >= 1 and <= 4096, "controller_hidden", ControllerHidden, "in 1..4096");
        SettingCheck.Require(Enum.IsDefined(Init), "init", Init, "k0, lqr or random");
        SettingCheck.Require(FixedStd > 0 && double.IsFinite(FixedStd), "fixed_std", FixedStd, "finite and > 0");
        SettingCheck.Require(StepSize > 0 && double.IsFinite(StepSize), "step_size", StepSize, "finite and > 0");
        SettingCheck.Require(TrajectoriesPerEpoch is >= 1 and <= 65536, "trajectories_per_epoch", TrajectoriesPerEpoch, "in 1..65536");
        SettingCheck.Require(Horizon is >= 1 and <= 1_000_000, "horizon", Horizon, "in 1..1000000");
        SettingCheck.Require((long)TrajectoriesPerEpoch * Horizon <= 100_000_000, "trajectories_per_epoch", TrajectoriesPerEpoch, $"at most {100_000_000 / Horizon} with horizon {Horizon} (100 million steps per epoch)");
    }
}
