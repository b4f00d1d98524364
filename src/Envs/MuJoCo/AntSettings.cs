namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The constructor arguments of Gymnasium's Ant-v4 (ant_v4.py at commit 3f0476a8), with its defaults. Registry
/// option keys are the Python names; ranges take <c>_low</c> and <c>_high</c> keys (e.g.
/// <c>contact_force_range_high=2</c>). v4's xml_file argument is the <see cref="AntModel"/> passed to the
/// constructor instead. Thread-safety: immutable.
/// </summary>
public sealed record AntSettings : IEnvSettings<AntSettings>
{
    /// <summary>Weight of Σ a² of the raw action (ctrl_cost_weight).</summary>
    public double CtrlCostWeight { get; init; } = 0.5;

    /// <summary>Append the clipped external contact forces (cfrc_ext, 14 bodies x 6) to the observation and charge the contact cost (use_contact_forces).</summary>
    public bool UseContactForces { get; init; }

    /// <summary>Weight of Σ clip(cfrc_ext)² (contact_cost_weight); charged only with <see cref="UseContactForces"/>.</summary>
    public double ContactCostWeight { get; init; } = 5e-4;

    /// <summary>Reward per healthy step (healthy_reward).</summary>
    public double HealthyReward { get; init; } = 1.0;

    /// <summary>End the episode when unhealthy; while true the healthy reward is paid on every step, the terminating one included.</summary>
    public bool TerminateWhenUnhealthy { get; init; } = true;

    /// <summary>Closed interval the torso height qpos[2] must lie in (v4's only inclusive health bound).</summary>
    public (double Low, double High) HealthyZRange { get; init; } = (0.2, 1.0);

    /// <summary>The interval every cfrc_ext element is clipped to, in the observation and the contact cost.</summary>
    public (double Low, double High) ContactForceRange { get; init; } = (-1.0, 1.0);

    /// <summary>Reset noise: half-width of the uniform noise on qpos and standard deviation of the normal noise on qvel (reset_noise_scale).</summary>
    public double ResetNoiseScale { get; init; } = 0.1;

    /// <summary>Leave qpos[0:2] (the x and y position) out of the observation: 27 values instead of 29.</summary>
    public bool ExcludeCurrentPositionsFromObservation { get; init; } = true;

    /// <summary>Reads the registry options (every key optional; defaults as above).</summary>
    /// <exception cref="ArgumentException">A value is malformed or out of range (the message names the key).</exception>
    public static AntSettings FromOptions(EnvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new AntSettings();
        var settings = new AntSettings
        {
            CtrlCostWeight = options.GetDouble("ctrl_cost_weight", defaults.CtrlCostWeight),
            UseContactForces = options.GetBool("use_contact_forces", defaults.UseContactForces),
            ContactCostWeight = options.GetDouble("contact_cost_weight", defaults.ContactCostWeight),
            HealthyReward = options.GetDouble("healthy_reward", defaults.HealthyReward),
            TerminateWhenUnhealthy = options.GetBool("terminate_when_unhealthy", defaults.TerminateWhenUnhealthy),
            HealthyZRange = (options.GetDouble("healthy_z_range_low", defaults.HealthyZRange.Low), options.GetDouble("healthy_z_range_high", defaults.HealthyZRange.High)),
            ContactForceRange = (options.GetDouble("contact_force_range_low", defaults.ContactForceRange.Low), options.GetDouble("contact_force_range_high", defaults.ContactForceRange.High)),
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
        MuJoCoSettingsChecks.Finite("ctrl_cost_weight", CtrlCostWeight);
        MuJoCoSettingsChecks.Finite("contact_cost_weight", ContactCostWeight);
        MuJoCoSettingsChecks.Finite("healthy_reward", HealthyReward);
        MuJoCoSettingsChecks.NonNegative("reset_noise_scale", ResetNoiseScale);
        MuJoCoSettingsChecks.Range("healthy_z_range", HealthyZRange);
        MuJoCoSettingsChecks.Range("contact_force_range", ContactForceRange);
    }
}
