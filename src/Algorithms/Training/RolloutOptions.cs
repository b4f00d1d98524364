namespace Kernel.Algorithms.Training;

/// <summary>
/// How a run collects its batches and turns them into advantages: env copies and steps per rollout, discounting and
/// GAE, reward scaling and clipping, observation and advantage normalisation (JSON <c>rollout</c>). Defaults are
/// PPO's as seed 001 section 3 runs it. Immutable; thread-safe.
/// </summary>
public sealed record RolloutOptions
{
    /// <summary>Env copies stepped together.</summary>
    [Registry.CommandLineName("envs")]
    public int NumEnvs { get; init; } = 8;

    /// <summary>Steps per copy per rollout (the batch is num_envs x rollout_steps).</summary>
    [Registry.AppliesTo(Registry.SettingScopes.ActorCritic)]
    public int RolloutSteps { get; init; } = 256;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>GAE's lambda.</summary>
    [Registry.AppliesTo(Registry.SettingScopes.ActorCritic)]
    public double GaeLambda { get; init; } = 0.95;

    /// <summary>Whether advantages are normalised per minibatch.</summary>
    [Registry.AppliesTo(Registry.SettingScopes.ActorCritic)]
    public bool NormalizeAdvantages { get; init; } = true;

    /// <summary>Whether observations are normalised by running mean/std and clipped.</summary>
    [Registry.AppliesTo(Registry.SettingScopes.ActorCritic)]
    public bool NormalizeObservations { get; init; } = true;

    /// <summary>Clip of normalised observations.</summary>
    [Registry.AppliesTo(Registry.SettingScopes.ActorCritic)]
    public double ObservationClip { get; init; } = 10;

    /// <summary>
    /// A constant every env reward is multiplied by before anything else sees it (GAE, value targets, the running
    /// reward scaler); 000 Table 6 varies it. return_mean and return_std stay the env's unscaled episode returns.
    /// </summary>
    [Registry.AppliesTo(Registry.SettingScopes.ActorCritic)]
    public double RewardScale { get; init; } = 1;

    /// <summary>Whether rewards are scaled by the running std of the discounted return (001 Algorithm 1).</summary>
    [Registry.AppliesTo(Registry.SettingScopes.ActorCritic)]
    public bool ScaleRewards { get; init; } = true;

    /// <summary>Clip of scaled rewards.</summary>
    [Registry.AppliesTo(Registry.SettingScopes.ActorCritic)]
    public double RewardClip { get; init; } = 10;

    /// <summary>The batch size, num_envs x rollout_steps.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int BatchSize => NumEnvs * RolloutSteps;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range (snake_case name, value, what is allowed).</summary>
    public void Validate()
    {
        SettingCheck.Require(NumEnvs is >= 1 and <= 4096, "num_envs", NumEnvs, "in 1..4096");
        SettingCheck.Require(RolloutSteps >= 1, "rollout_steps", RolloutSteps, "at least 1");
        SettingCheck.Require(Gamma is >= 0 and <= 1, "gamma", Gamma, "in [0, 1]");
        SettingCheck.Require(GaeLambda is >= 0 and <= 1, "gae_lambda", GaeLambda, "in [0, 1]");
        SettingCheck.Require(ObservationClip > 0, "observation_clip", ObservationClip, "> 0");
        SettingCheck.Require(RewardClip > 0, "reward_clip", RewardClip, "> 0");
        SettingCheck.Require(RewardScale > 0 && double.IsFinite(RewardScale), "reward_scale", RewardScale, "finite and > 0");
    }
}
