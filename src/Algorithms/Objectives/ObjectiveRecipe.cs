using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Objectives;

/// <summary>
/// How a registered algorithm builds its <see cref="IPolicyObjective{T}"/> for a run of any precision: not generic
/// itself, so an entry of the registry can name it. The recipes of the seed papers' objectives are the static
/// properties; a new objective is a new subclass (docs/extending.md).
/// </summary>
public abstract class ObjectiveRecipe
{
    /// <summary>Vanilla policy gradient (000 eq 13): log pi A.</summary>
    public static ObjectiveRecipe Vanilla { get; } = new VanillaRecipe();

    /// <summary>PPO's clipped surrogate (000 eq 11) with clip_epsilon.</summary>
    public static ObjectiveRecipe Clipped { get; } = new ClippedRecipe();

    /// <summary>The unconstrained importance-sampled surrogate (000 Fig 3c): r A.</summary>
    public static ObjectiveRecipe Unclipped { get; } = new UnclippedRecipe();

    /// <summary>CPG's log-ratio clipped objective (000 eq 15) with clip_epsilon.</summary>
    public static ObjectiveRecipe LogRatioClipped { get; } = new LogRatioClippedRecipe();

    /// <summary>PPO-KL's penalised surrogate (000 eq 12), beta adapted toward kl_target when adaptive_kl is set.</summary>
    public static ObjectiveRecipe KlPenalized { get; } = new KlPenalizedRecipe();

    /// <summary>V-MPO's losses with learned multipliers (004 section 4.5).</summary>
    public static ObjectiveRecipe VMpo { get; } = new VMpoRecipe();

    /// <summary>The objective of a run of <paramref name="config"/> on <paramref name="tape"/>; <paramref name="penalty"/> is PPO-KL's beta.</summary>
    public abstract IPolicyObjective<T> Create<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    private sealed class VanillaRecipe : ObjectiveRecipe
    {
        public override IPolicyObjective<T> Create<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
            => new SurrogateObjective<T>(static (in ObjectiveInputs<T> batch) => SurrogateObjectives.VanillaPerSample(batch.Evaluation.LogProb, batch.Advantage));
    }

    private sealed class ClippedRecipe : ObjectiveRecipe
    {
        public override IPolicyObjective<T> Create<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
            => new SurrogateObjective<T>((in ObjectiveInputs<T> batch) => SurrogateObjectives.ClippedPerSample(batch.Ratio, batch.Advantage, config.Surrogate.ClipEpsilon), config.Surrogate.ClipEpsilon);
    }

    private sealed class UnclippedRecipe : ObjectiveRecipe
    {
        public override IPolicyObjective<T> Create<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
            => new SurrogateObjective<T>(static (in ObjectiveInputs<T> batch) => SurrogateObjectives.UnclippedPerSample(batch.Ratio, batch.Advantage));
    }

    private sealed class LogRatioClippedRecipe : ObjectiveRecipe
    {
        public override IPolicyObjective<T> Create<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
            => new SurrogateObjective<T>((in ObjectiveInputs<T> batch) => SurrogateObjectives.LogRatioClippedPerSample(batch.LogRatio, batch.Advantage, config.Surrogate.ClipEpsilon), config.Surrogate.ClipEpsilon);
    }

    private sealed class KlPenalizedRecipe : ObjectiveRecipe
    {
        public override IPolicyObjective<T> Create<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
            => new KlPenalizedObjective<T>(penalty, config.Surrogate.AdaptiveKl, config.Surrogate.KlTarget);
    }

    private sealed class VMpoRecipe : ObjectiveRecipe
    {
        public override IPolicyObjective<T> Create<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
            => new VMpoObjective<T>(tape, config.Vmpo);
    }
}
