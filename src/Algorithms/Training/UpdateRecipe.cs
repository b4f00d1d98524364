namespace Kernel.Algorithms.Training;

/// <summary>How a registered algorithm builds its <see cref="IPolicyUpdate{T}"/> for a run of any precision (not generic itself, so a registry entry can name it).</summary>
public abstract class UpdateRecipe
{
    /// <summary>Epochs of first-order minibatch steps with Adam (<see cref="FirstOrderEpochs{T}"/>).</summary>
    public static UpdateRecipe FirstOrderEpochs { get; } = new FirstOrderRecipe();

    /// <summary>One natural-gradient policy step with TRPO's line search, then the value network's epochs (<see cref="NaturalGradientStep{T}"/>).</summary>
    public static UpdateRecipe TrustRegion { get; } = new NaturalStepRecipe(lineSearch: true);

    /// <summary>NPG: the natural-gradient step without the line search.</summary>
    public static UpdateRecipe NaturalGradient { get; } = new NaturalStepRecipe(lineSearch: false);

    /// <summary>V-MPO's update: first-order epochs that keep the multipliers in their domain (<see cref="VMpoUpdate{T}"/>).</summary>
    public static UpdateRecipe VMpo { get; } = new VMpoRecipe();

    /// <summary>The update working on <paramref name="context"/>.</summary>
    public abstract IPolicyUpdate<T> Create<T>(UpdateContext<T> context)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    private sealed class FirstOrderRecipe : UpdateRecipe
    {
        public override IPolicyUpdate<T> Create<T>(UpdateContext<T> context) => new FirstOrderEpochs<T>(context);
    }

    private sealed class VMpoRecipe : UpdateRecipe
    {
        public override IPolicyUpdate<T> Create<T>(UpdateContext<T> context) => new VMpoUpdate<T>(context);
    }

    private sealed class NaturalStepRecipe(bool lineSearch) : UpdateRecipe
    {
        public override IPolicyUpdate<T> Create<T>(UpdateContext<T> context) => new NaturalGradientStep<T>(context, lineSearch);
    }
}
