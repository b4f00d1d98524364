namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The constructor arguments of Gymnasium's Walker2d-v4 (walker2d_v4.py at commit 3f0476a8), with its defaults: the
/// shared ones of <see cref="PlanarLocomotionSettings"/>, healthy height (0.8, 2.0) and angle (-1, 1).
/// Thread-safety: immutable.
/// </summary>
public sealed record Walker2dSettings : PlanarLocomotionSettings, IEnvSettings<Walker2dSettings>
{
    /// <summary>Walker2d-v4's defaults.</summary>
    public Walker2dSettings()
    {
        HealthyZRange = (0.8, 2.0);
        HealthyAngleRange = (-1.0, 1.0);
    }

    /// <summary>Reads the registry options (every key optional; defaults as above).</summary>
    /// <exception cref="ArgumentException">A value is malformed or out of range (the message names the key).</exception>
    public static Walker2dSettings FromOptions(EnvOptions options)
    {
        Walker2dSettings settings = ReadShared(options, new Walker2dSettings());
        settings.Validate();
        return settings;
    }
}
