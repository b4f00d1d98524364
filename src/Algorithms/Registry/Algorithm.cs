using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>
/// One registered algorithm: its name (the one spelling used by the command line, config.json and the docs), a
/// one-line summary with its paper reference, its policy objective, its defaults on top of the shared ones
/// (<see cref="TrainConfig"/>'s, which are PPO's), the setting scopes that apply to it, and its update (epochs of
/// minibatches unless it says otherwise). <see cref="AlgorithmRegistry"/> lists them; docs/extending.md adds one.
/// Thread-safety: immutable.
/// </summary>
/// <param name="name">The algorithm's name (lower case, dashes).</param>
/// <param name="summary">One line: what it is, with its paper reference.</param>
/// <param name="objective">How it builds its policy objective.</param>
public sealed class Algorithm(string name, string summary, ObjectiveRecipe objective)
{
    /// <summary>The algorithm's name (lower case, dashes).</summary>
    public string Name => name;

    /// <summary>One line: what it is, with its paper reference.</summary>
    public string Summary => summary;

    /// <summary>How it builds its policy objective.</summary>
    public ObjectiveRecipe Objective => objective;

    /// <summary>The algorithm-specific settings that apply to it (beyond those every algorithm reads); first-order epochs unless set.</summary>
    public SettingScopes Scopes { get; init; } = SettingScopes.FirstOrder;

    /// <summary>The algorithm's defaults applied to the shared defaults (Algo already set); none unless set.</summary>
    public Func<TrainConfig, TrainConfig> Defaults { get; init; } = shared => shared;

    /// <summary>Whether a run of a configuration learns a value network; always unless set.</summary>
    public Func<TrainConfig, bool> LearnsValue { get; init; } = _ => true;

    /// <summary>How it learns from each rollout; epochs of first-order minibatch steps unless set.</summary>
    public UpdateRecipe Update { get; init; } = UpdateRecipe.FirstOrderEpochs;

    /// <summary>
    /// Its training loop; the actor-critic trainer (rollouts, GAE, <see cref="Update"/>) unless set. An algorithm whose
    /// loop differs (no value network, whole trajectories) names its own, and TrainingRun drives it the same way.
    /// </summary>
    public TrainerRecipe Trainer { get; init; } = TrainerRecipe.ActorCritic;

    /// <summary>The environment steps of one update of a configuration (<see cref="TrainConfig.BatchSize"/>); num_envs x rollout_steps unless set.</summary>
    public Func<TrainConfig, int> BatchSize { get; init; } = config => config.Rollout.BatchSize;
}
