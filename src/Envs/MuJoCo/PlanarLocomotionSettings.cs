namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The constructor arguments Gymnasium's planar locomotion tasks share (hopper_v4.py and walker2d_v4.py at commit
/// 3f0476a8): reward weights, termination, the healthy height and angle, reset noise and the observation's x. Each
/// task's record sets its own healthy ranges and adds what only it has. Registry option keys are the Python names;
/// ranges take <c>_low</c> and <c>_high</c> keys (e.g. <c>healthy_z_range_low=0.8</c>). Thread-safety: immutable.
/// </summary>
public abstract record PlanarLocomotionSettings
{
    /// <summary>Weight of the forward velocity term (forward_reward_weight).</summary>
    public double ForwardRewardWeight { get; init; } = 1.0;

    /// <summary>Weight of Σ a² of the raw action (ctrl_cost_weight).</summary>
    public double CtrlCostWeight { get; init; } = 1e-3;

    /// <summary>Reward per healthy step (healthy_reward).</summary>
    public double HealthyReward { get; init; } = 1.0;

    /// <summary>End the episode when unhealthy; while true the healthy reward is paid on every step, the terminating one included.</summary>
    public bool TerminateWhenUnhealthy { get; init; } = true;

    /// <summary>Open interval the torso height qpos[1] must lie in.</summary>
    public (double Low, double High) HealthyZRange { get; init; }

    /// <summary>Open interval the torso angle qpos[2] must lie in.</summary>
    public (double Low, double High) HealthyAngleRange { get; init; }

    /// <summary>Half-width of the uniform reset noise on qpos and qvel (reset_noise_scale).</summary>
    public double ResetNoiseScale { get; init; } = 5e-3;

    /// <summary>Leave qpos[0] (the x position) out of the observation.</summary>
    public bool ExcludeCurrentPositionsFromObservation { get; init; } = true;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A weight is not finite, the noise scale is negative, or a range is empty.</exception>
    public virtual void Validate()
    {
        MuJoCoSettingsChecks.Finite("forward_reward_weight", ForwardRewardWeight);
        MuJoCoSettingsChecks.Finite("ctrl_cost_weight", CtrlCostWeight);
        MuJoCoSettingsChecks.Finite("healthy_reward", HealthyReward);
        MuJoCoSettingsChecks.NonNegative("reset_noise_scale", ResetNoiseScale);
        MuJoCoSettingsChecks.Range("healthy_z_range", HealthyZRange);
        MuJoCoSettingsChecks.Range("healthy_angle_range", HealthyAngleRange);
    }

    /// <summary>The shared settings from registry options over <paramref name="defaults"/> (the task's own record, whose type the copy keeps).</summary>
    /// <exception cref="ArgumentException">A value is malformed (the message names the key).</exception>
    protected static TSettings ReadShared<TSettings>(EnvOptions options, TSettings defaults)
        where TSettings : PlanarLocomotionSettings
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(defaults);
        return (TSettings)(defaults with
        {
            ForwardRewardWeight = options.GetDouble("forward_reward_weight", defaults.ForwardRewardWeight),
            CtrlCostWeight = options.GetDouble("ctrl_cost_weight", defaults.CtrlCostWeight),
            HealthyReward = options.GetDouble("healthy_reward", defaults.HealthyReward),
            TerminateWhenUnhealthy = options.GetBool("terminate_when_unhealthy", defaults.TerminateWhenUnhealthy),
            HealthyZRange = (options.GetDouble("healthy_z_range_low", defaults.HealthyZRange.Low), options.GetDouble("healthy_z_range_high", defaults.HealthyZRange.High)),
            HealthyAngleRange = (options.GetDouble("healthy_angle_range_low", defaults.HealthyAngleRange.Low), options.GetDouble("healthy_angle_range_high", defaults.HealthyAngleRange.High)),
            ResetNoiseScale = options.GetDouble("reset_noise_scale", defaults.ResetNoiseScale),
            ExcludeCurrentPositionsFromObservation = options.GetBool("exclude_current_positions_from_observation", defaults.ExcludeCurrentPositionsFromObservation),
        });
    }
}
