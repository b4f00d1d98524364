namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The coefficients of Gymnasium's InvertedDoublePendulum-v4 (inverted_double_pendulum_v4.py at commit 3f0476a8),
/// which v4 hard-codes; settable here (option keys as named below; v5 uses the same names where it has them).
/// reward = healthy_reward - (distance_penalty_x_weight x_tip² + (z_tip - target_height)²)
/// - (velocity_penalty_weight_1 qvel[1]² + velocity_penalty_weight_2 qvel[2]²). Thread-safety: immutable.
/// </summary>
public sealed record InvertedDoublePendulumSettings : IEnvSettings<InvertedDoublePendulumSettings>
{
    /// <summary>The alive bonus per step (v4: 10).</summary>
    public double HealthyReward { get; init; } = 10;

    /// <summary>Weight of x_tip² (v4: 0.01).</summary>
    public double DistancePenaltyXWeight { get; init; } = 0.01;

    /// <summary>The tip height the distance penalty aims at (v4: 2).</summary>
    public double TargetHeight { get; init; } = 2;

    /// <summary>Weight of the first hinge's squared velocity (v4: 1e-3).</summary>
    public double VelocityPenaltyWeight1 { get; init; } = 1e-3;

    /// <summary>Weight of the second hinge's squared velocity (v4: 5e-3).</summary>
    public double VelocityPenaltyWeight2 { get; init; } = 5e-3;

    /// <summary>The episode terminates when the tip's height is at most this (v4: 1, inclusive).</summary>
    public double MinTipHeight { get; init; } = 1;

    /// <summary>Half-width of the uniform qpos noise and scale of the normal qvel noise at reset (v4: 0.1).</summary>
    public double ResetNoiseScale { get; init; } = 0.1;

    /// <summary>Reads the registry options (every key optional).</summary>
    /// <exception cref="ArgumentException">A value is malformed or out of range.</exception>
    public static InvertedDoublePendulumSettings FromOptions(EnvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new InvertedDoublePendulumSettings();
        var settings = new InvertedDoublePendulumSettings
        {
            HealthyReward = options.GetDouble("healthy_reward", defaults.HealthyReward),
            DistancePenaltyXWeight = options.GetDouble("distance_penalty_x_weight", defaults.DistancePenaltyXWeight),
            TargetHeight = options.GetDouble("target_height", defaults.TargetHeight),
            VelocityPenaltyWeight1 = options.GetDouble("velocity_penalty_weight_1", defaults.VelocityPenaltyWeight1),
            VelocityPenaltyWeight2 = options.GetDouble("velocity_penalty_weight_2", defaults.VelocityPenaltyWeight2),
            MinTipHeight = options.GetDouble("min_tip_height", defaults.MinTipHeight),
            ResetNoiseScale = options.GetDouble("reset_noise_scale", defaults.ResetNoiseScale),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is not finite or the noise scale is negative.</exception>
    public void Validate()
    {
        MuJoCoSettingsChecks.Finite("healthy_reward", HealthyReward);
        MuJoCoSettingsChecks.Finite("distance_penalty_x_weight", DistancePenaltyXWeight);
        MuJoCoSettingsChecks.Finite("target_height", TargetHeight);
        MuJoCoSettingsChecks.Finite("velocity_penalty_weight_1", VelocityPenaltyWeight1);
        MuJoCoSettingsChecks.Finite("velocity_penalty_weight_2", VelocityPenaltyWeight2);
        MuJoCoSettingsChecks.Finite("min_tip_height", MinTipHeight);
        MuJoCoSettingsChecks.NonNegative("reset_noise_scale", ResetNoiseScale);
    }
}
