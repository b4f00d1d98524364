namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The constructor arguments of Gymnasium's Hopper-v4 (hopper_v4.py at commit 3f0476a8), with its defaults: the
/// shared ones of <see cref="PlanarLocomotionSettings"/>, healthy height (0.7, inf) and angle (-0.2, 0.2), and the
/// state range only the hopper checks. Thread-safety: immutable.
/// </summary>
public sealed record HopperSettings : PlanarLocomotionSettings, IEnvSettings<HopperSettings>
{
    /// <summary>Hopper-v4's defaults.</summary>
    public HopperSettings()
    {
        HealthyZRange = (0.7, double.PositiveInfinity);
        HealthyAngleRange = (-0.2, 0.2);
    }

    /// <summary>Open interval every element of state_vector()[2:] (qpos[2:] and qvel) must lie in.</summary>
    public (double Low, double High) HealthyStateRange { get; init; } = (-100.0, 100.0);

    /// <summary>Reads the registry options (every key optional; defaults as above).</summary>
    /// <exception cref="ArgumentException">A value is malformed or out of range (the message names the key).</exception>
    public static HopperSettings FromOptions(EnvOptions options)
    {
        var defaults = new HopperSettings();
        HopperSettings settings = ReadShared(options, defaults) with
        {
            HealthyStateRange = (options.GetDouble("healthy_state_range_low", defaults.HealthyStateRange.Low), options.GetDouble("healthy_state_range_high", defaults.HealthyStateRange.High)),
        };
        settings.Validate();
        return settings;
    }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        MuJoCoSettingsChecks.Range("healthy_state_range", HealthyStateRange);
    }
}
