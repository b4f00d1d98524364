namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The numbers of Gymnasium's InvertedPendulum-v4 (inverted_pendulum_v4.py at commit 3f0476a8), which v4
/// hard-codes; settable here (option keys reset_noise_scale, as v5, and angle_limit). Thread-safety: immutable.
/// </summary>
public sealed record InvertedPendulumSettings : IEnvSettings<InvertedPendulumSettings>
{
    /// <summary>Half-width of the uniform reset noise on qpos and qvel (v4: 0.01).</summary>
    public double ResetNoiseScale { get; init; } = 0.01;

    /// <summary>The episode terminates when |pole angle| exceeds this (radians; v4: 0.2, strict).</summary>
    public double AngleLimit { get; init; } = 0.2;

    /// <summary>Reads the registry options (every key optional).</summary>
    /// <exception cref="ArgumentException">A value is malformed or out of range.</exception>
    public static InvertedPendulumSettings FromOptions(EnvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new InvertedPendulumSettings();
        var settings = new InvertedPendulumSettings
        {
            ResetNoiseScale = options.GetDouble("reset_noise_scale", defaults.ResetNoiseScale),
            AngleLimit = options.GetDouble("angle_limit", defaults.AngleLimit),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">The noise scale or the angle limit is negative or not finite.</exception>
    public void Validate()
    {
        MuJoCoSettingsChecks.NonNegative("reset_noise_scale", ResetNoiseScale);
        MuJoCoSettingsChecks.NonNegative("angle_limit", AngleLimit);
    }
}
