namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The constructor arguments of Gymnasium's Walker2d-v4 (walker2d_v4.py at commit 3f0476a8), with its defaults.
/// Registry option keys are the Python names; ranges take <c>_low</c> and <c>_high</c> keys (e.g.
/// <c>healthy_z_range_high=2.5</c>). Thread-safety: immutable.
/// </summary>
public sealed record Walker2dSettings : IEnvSettings<Walker2dSettings>
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
    public (double Low, double High) HealthyZRange { get; init; } = (0.8, 2.0);

    /// <summary>Open interval the torso angle qpos[2] must lie in.</summary>
    public (double Low, double High) HealthyAngleRange { get; init; } = (-1.0, 1.0);

    /// <summary>Half-width of the uniform reset noise on qpos and qvel (reset_noise_scale).</summary>
    public double ResetNoiseScale { get; init; } = 5e-3;

    /// <summary>Leave qpos[0] (the x position) out of the observation: 17 values instead of 18.</summary>
    public bool ExcludeCurrentPositionsFromObservation { get; init; } = true;

    /// <summary>Reads the registry options (every key optional; defaults as above).</summary>
    /// <exception cref="ArgumentException">A value is malformed or out of range (the message names the key).</exception>
    public static Walker2dSettings FromOptions(EnvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new Walker2dSettings();
        var settings = new Walker2dSettings
        {
            ForwardRewardWeight = options.GetDouble("forward_reward_weight", defaults.ForwardRewardWeight),
            CtrlCostWeight = options.GetDouble("ctrl_cost_weight", defaults.CtrlCostWeight),
            HealthyReward = options.GetDouble("healthy_reward", defaults.HealthyReward),
            TerminateWhenUnhealthy = options.GetBool("terminate_when_unhealthy", defaults.TerminateWhenUnhealthy),
            HealthyZRange = (options.GetDouble("healthy_z_range_low", defaults.HealthyZRange.Low), options.GetDouble("healthy_z_range_high", defaults.HealthyZRange.High)),
            HealthyAngleRange = (options.GetDouble("healthy_angle_range_low", defaults.HealthyAngleRange.Low), options.GetDouble("healthy_angle_range_high", defaults.HealthyAngleRange.High)),
            ResetNoiseScale = options.GetDouble("reset_noise_scale", defaults.ResetNoiseScale),
            ExcludeCurrentPositionsFromObservation = options.GetBool("exclude_current_positions_from_observation", defaults.ExcludeCurrentPositionsFromObservation),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A weight is not finite, the noise scale is negative, or a range is empty.</exception>
    public void Validate()
    {
        MuJoCoSettingsChecks.Finite("forward_reward_weight", ForwardRewardWeight);
        MuJoCoSettingsChecks.Finite("ctrl_cost_weight", CtrlCostWeight);
        MuJoCoSettingsChecks.Finite("healthy_reward", HealthyReward);
        MuJoCoSettingsChecks.NonNegative("reset_noise_scale", ResetNoiseScale);
        MuJoCoSettingsChecks.Range("healthy_z_range", HealthyZRange);
        MuJoCoSettingsChecks.Range("healthy_angle_range", HealthyAngleRange);
    }
}
