using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Mollification;

/// <summary>The registry's handle on <see cref="MollifiedPolicyGradientTrainer{T}"/> (mollified-pg's trainer).</summary>
public sealed class MollifiedTrainerRecipe : TrainerRecipe
{
    /// <summary>The single instance.</summary>
    public static MollifiedTrainerRecipe Instance { get; } = new();

    private MollifiedTrainerRecipe()
    {
    }

    /// <inheritdoc />
    public override ITrainer Open<T>(TrainConfig config) => MollifiedPolicyGradientTrainer<T>.Open(config);
}
