namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The reward coefficients of the hopper-stand task (seed paper 002, appendix F.1):
/// R(s, a) = -(angle_weight Σ_{i=2..5} s_i² + velocity_weight Σ_{i=6..11} s_i² + action_weight |a|),
/// and Hopper-v4's reset noise. Option keys: angle_weight, velocity_weight, action_weight, reset_noise_scale.
/// Thread-safety: immutable.
/// </summary>
public sealed record HopperStandSettings : IEnvSettings<HopperStandSettings>
{
    /// <summary>Weight of the squared torso and joint angles s2..s5 (paper: 1).</summary>
    public double AngleWeight { get; init; } = 1;

    /// <summary>Weight of the squared velocities s6..s11 (paper: 0.1).</summary>
    public double VelocityWeight { get; init; } = 0.1;

    /// <summary>Weight of the Euclidean norm of the raw action (paper: 0.001).</summary>
    public double ActionWeight { get; init; } = 0.001;

    /// <summary>Half-width of the uniform reset noise on qpos and qvel (Hopper-v4's 5e-3; the paper gives none).</summary>
    public double ResetNoiseScale { get; init; } = 5e-3;

    /// <summary>Reads the registry options (every key optional).</summary>
    /// <exception cref="ArgumentException">A value is malformed or out of range.</exception>
    public static HopperStandSettings FromOptions(EnvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new HopperStandSettings();
        var settings = new HopperStandSettings
        {
            AngleWeight = options.GetDouble("angle_weight", defaults.AngleWeight),
            VelocityWeight = options.GetDouble("velocity_weight", defaults.VelocityWeight),
            ActionWeight = options.GetDouble("action_weight", defaults.ActionWeight),
            ResetNoiseScale = options.GetDouble("reset_noise_scale", defaults.ResetNoiseScale),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A weight is negative or not finite.</exception>
    public void Validate()
    {
        MuJoCoSettingsChecks.NonNegative("angle_weight", AngleWeight);
        MuJoCoSettingsChecks.NonNegative("velocity_weight", VelocityWeight);
        MuJoCoSettingsChecks.NonNegative("action_weight", ActionWeight);
        MuJoCoSettingsChecks.NonNegative("reset_noise_scale", ResetNoiseScale);
    }
}
