namespace Kernel.Algorithms.Nn;

/// <summary>
/// The initialisers of an <see cref="Mlp{T}"/>: one for every hidden layer, one for the output layer. Immutable.
/// </summary>
/// <param name="Hidden">Initialiser of every layer but the last.</param>
/// <param name="Output">Initialiser of the last layer.</param>
public sealed record MlpInit(LayerInit Hidden, LayerInit Output)
{
    /// <summary>Initialiser of every layer but the last.</summary>
    public LayerInit Hidden { get; init; } = Hidden ?? throw new ArgumentNullException(nameof(Hidden));

    /// <summary>Initialiser of the last layer.</summary>
    public LayerInit Output { get; init; } = Output ?? throw new ArgumentNullException(nameof(Output));

    /// <summary>Gain of the orthogonal hidden layers in the PPO implementations: sqrt(2).</summary>
    public static readonly double HiddenGain = Math.Sqrt(2);

    /// <summary>PyTorch's default <c>nn.Linear</c> initialisation everywhere (PPO-M in seed 001 uses it).</summary>
    public static MlpInit TorchDefault { get; } = new(LayerInit.TorchDefault, LayerInit.TorchDefault);

    /// <summary>
    /// Orthogonal policy network as in the PPO implementations of seed 001 (section 4, item 3): hidden gain sqrt(2), output
    /// gain 0.01 so the initial policy mean is near zero (OpenAI baselines, CleanRL <c>layer_init(..., std=0.01)</c>); zero biases.
    /// </summary>
    public static MlpInit OrthogonalPolicy { get; } = new(LayerInit.Orthogonal(HiddenGain), LayerInit.Orthogonal(0.01));

    /// <summary>Orthogonal value network as in the same implementations: hidden gain sqrt(2), output gain 1; zero biases.</summary>
    public static MlpInit OrthogonalValue { get; } = new(LayerInit.Orthogonal(HiddenGain), LayerInit.Orthogonal(1.0));

    /// <summary>The initialiser of a layer with a hidden or output position.</summary>
    public LayerInit For(bool isOutputLayer) => isOutputLayer ? Output : Hidden;
}
