namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The constructor arguments of Gymnasium's HalfCheetah-v4 (half_cheetah_v4.py at commit 3f0476a8), with its
/// defaults; registry option keys are the Python names. Thread-safety: immutable.
/// </summary>
public sealed record HalfCheetahSettings : IEnvSettings<HalfCheetahSettings>
{
    /// <summary>Weight of the forward velocity term (forward_reward_weight).</summary>
    public double ForwardRewardWeight { get; init; } = 1.0;

    /// <summary>Weight of Σ a² of the raw action (ctrl_cost_weight).</summary>
    public double CtrlCostWeight { get; init; } = 0.1;

    /// <summary>Reset noise: half-width of the uniform noise on qpos and standard deviation of the normal noise on qvel (reset_noise_scale).</summary>
    public double ResetNoiseScale { get; init; } = 0.1;

    /// <summary>Leave qpos[0] (the x position) out of the observation: 17 values instead of 18.</summary>
    public bool ExcludeCurrentPositionsFromObservation { get; init; } = true;

    /// <summary>Reads the registry options (every key optional; defaults as above).</summary>
    /// <exception cref="ArgumentException">A value is malformed or out of range (the message names the key).</exception>
    public static HalfCheetahSettings FromOptions(EnvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new HalfCheetahSettings();
        var settings = new HalfCheetahSettings
        {
            ForwardRewardWeight = options.GetDouble("forward_reward_weight", defaults.ForwardRewardWeight),
            CtrlCostWeight = options.GetDouble("ctrl_cost_weight", defaults.CtrlCostWeight),
            ResetNoiseScale = options.GetDouble("reset_noise_scale", defaults.ResetNoiseScale),
            ExcludeCurrentPositionsFromObservation = options.GetBool("exclude_current_positions_from_observation", defaults.ExcludeCurrentPositionsFromObservation),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A weight is not finite or the noise scale is negative.</exception>
    public void Validate()
    {
        MuJoCoSettingsChecks.Finite("forward_reward_weight", ForwardRewardWeight);
        MuJoCoSettingsChecks.Finite("ctrl_cost_weight", CtrlCostWeight);
        MuJoCoSettingsChecks.NonNegative("reset_noise_scale", ResetNoiseScale);
    }
}
