using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>
/// One registered algorithm: its name (the one spelling used by the command line, config.json and the docs), a
/// one-line summary with its paper reference, its defaults on top of the shared ones (<see cref="TrainConfig"/>'s,
/// which are PPO's), the setting scopes that apply to it, and the parts it trains with: its policy objective and
/// its update (epochs of minibatches by default). Add an algorithm by deriving from this class and listing it in
/// <see cref="AlgorithmRegistry"/> (docs/extending.md works one through).
/// Thread-safety: stateless.
/// </summary>
public abstract class Algorithm
{
    /// <summary>The name of the algorithm (lower case, dashes).</summary>
    public abstract string Name { get; }

    /// <summary>One line: what it is, with its paper reference.</summary>
    public abstract string Summary { get; }

    /// <summary>The algorithm-specific settings that apply to it (beyond those every algorithm reads).</summary>
    public virtual SettingScopes Scopes => SettingScopes.FirstOrder;

    /// <summary>The algorithm's defaults applied to <paramref name="shared"/> (the shared defaults, Algo already set).</summary>
    public virtual TrainConfig Defaults(TrainConfig shared) => shared;

    /// <summary>Whether a run of <paramref name="config"/> learns a value network.</summary>
    public virtual bool LearnsValue(TrainConfig config) => true;

    /// <summary>The policy objective of a run of <paramref name="config"/> on <paramref name="tape"/>; <paramref name="penalty"/> is PPO-KL's beta.</summary>
    public abstract IPolicyObjective<T> CreateObjective<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>The update that learns from each rollout; epochs of minibatches with Adam unless overridden.</summary>
    public virtual IPolicyUpdate<T> CreateUpdate<T>(UpdateContext<T> context)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => new FirstOrderEpochs<T>(context);
}
