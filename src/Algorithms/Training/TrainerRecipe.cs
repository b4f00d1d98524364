namespace Kernel.Algorithms.Training;

/// <summary>How a registered algorithm opens its trainer for a run of any precision (not generic itself, so a registry entry can name it).</summary>
public abstract class TrainerRecipe
{
    /// <summary>The actor-critic trainer (<see cref="PolicyGradientTrainer{T}"/>) of every algorithm unless it names another.</summary>
    public static TrainerRecipe ActorCritic { get; } = new ActorCriticRecipe();

    /// <summary>A trainer of <paramref name="config"/> (validated) in precision T, on the device the config names.</summary>
    public abstract ITrainer Open<T>(TrainConfig config)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    private sealed class ActorCriticRecipe : TrainerRecipe
    {
        public override ITrainer Open<T>(TrainConfig config) => PolicyGradientTrainer<T>.Open(config);
    }
}
