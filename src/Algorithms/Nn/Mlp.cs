using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using Kernel.Envs;

namespace Kernel.Algorithms.Nn;

/// <summary>
/// A multilayer perceptron: linear layers with a hidden activation between them and an identity output.
/// Layers are numbered as in PyTorch's <c>nn.Sequential(Linear, Tanh, Linear, Tanh, Linear)</c>, so the parameters of
/// widths [17, 64, 64, 6] are "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" (under an optional prefix),
/// the names CleanRL's networks have. After warm-up on a reused tape, <see cref="Forward"/> and the backward pass
/// allocate nothing on the managed heap: the ops' labels are made once, here.
/// Thread-safety: the parameters live on one tape, which belongs to one thread at a time.
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public sealed class Mlp<T> : IModule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Linear<T>[] layers;
    private readonly string[] activationLabels;

    /// <summary>Creates the layers on <paramref name="tape"/>, drawing them in order from <paramref name="random"/>.</summary>
    /// <param name="tape">The tape that will hold the parameters.</param>
    /// <param name="widths">Input width, hidden widths, output width: at least two entries, each at least 1.</param>
    /// <param name="activation">The hidden activation.</param>
    /// <param name="init">Initialisers of the hidden layers and of the output layer.</param>
    /// <param name="random">The stream the parameters are drawn from.</param>
    /// <param name="name">Prefix of the parameter names ("actor" gives "actor.0.weight"; "" gives "0.weight").</param>
    public Mlp(Tape<T> tape, IReadOnlyList<int> widths, Activation activation, MlpInit init, KernelRandom random, string name = "")
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(name);
        if (widths.Count < 2)
        {
            throw new ArgumentException($"widths has {widths.Count} entries; it needs at least the input and output widths.", nameof(widths));
        }

        for (int i = 0; i < widths.Count; i++)
        {
            if (widths[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(widths), widths[i], $"widths[{i}] = {widths[i]}; every width must be at least 1.");
            }
        }

        CheckActivation(activation);
        int count = widths.Count - 1;
        var built = new Linear<T>[count];
        for (int i = 0; i < count; i++)
        {
            built[i] = new Linear<T>(tape, widths[i], widths[i + 1], init.For(isOutputLayer: i == count - 1), random, Linear<T>.ParameterName(name, (2 * i).ToString(CultureInfo.InvariantCulture)));
        }

        layers = built;
        HiddenActivation = activation;
        Layers = Array.AsReadOnly(layers);
        Parameters = CollectParameters(layers);
        activationLabels = ActivationLabels(layers, activation);
    }

    /// <summary>Chains existing layers (each layer's output width must be the next one's input width).</summary>
    /// <param name="layers">At least one layer; parameter names must be distinct.</param>
    /// <param name="activation">The activation between consecutive layers.</param>
    public Mlp(IReadOnlyList<Linear<T>> layers, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("layers is empty; an MLP needs at least one layer.", nameof(layers));
        }

        CheckActivation(activation);
        var copy = new Linear<T>[layers.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = layers[i] ?? throw new ArgumentException($"layers[{i}] is null.", nameof(layers));
            if (i > 0 && copy[i - 1].OutFeatures != copy[i].InFeatures)
            {
                throw new ArgumentException(
                    $"layers[{i - 1}] has {copy[i - 1].OutFeatures} outputs but layers[{i}] takes {copy[i].InFeatures} inputs.", nameof(layers));
            }
        }

        this.layers = copy;
        HiddenActivation = activation;
        Layers = Array.AsReadOnly(this.layers);
        Parameters = CollectParameters(this.layers);
        activationLabels = ActivationLabels(this.layers, activation);
    }

    /// <summary>The linear layers, input side first.</summary>
    public IReadOnlyList<Linear<T>> Layers { get; }

    /// <summary>The activation after every layer but the last.</summary>
    public Activation HiddenActivation { get; }

    /// <inheritdoc />
    public int InFeatures => layers[0].InFeatures;

    /// <inheritdoc />
    public int OutFeatures => layers[^1].OutFeatures;

    /// <summary>Every layer's weight and bias, input side first.</summary>
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>[batch, in] to [batch, out]: act(... act(x W0^T + b0) ...) W_L^T + b_L.</summary>
    public Tensor<T> Forward(Tensor<T> input)
    {
        Tensor<T> h = layers[0].Forward(input);
        for (int i = 1; i < layers.Length; i++)
        {
            h = Activate(h, activationLabels[i - 1]);
            h = layers[i].Forward(h);
        }

        return h;
    }

    private Tensor<T> Activate(Tensor<T> x, string label) => HiddenActivation switch
    {
        Activation.Tanh => x.Tanh(label),
        Activation.Relu => x.Relu(label),
        Activation.Silu => x.Silu(label),
        _ => throw new UnreachableException($"activation {HiddenActivation} passed the constructor's check."),
    };

    private static void CheckActivation(Activation activation)
    {
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, $"activation must be one of {string.Join(", ", Enum.GetNames<Activation>())}.");
        }
    }

    private static ReadOnlyCollection<NamedParameter<T>> CollectParameters(Linear<T>[] layers)
    {
        var all = new List<NamedParameter<T>>();
        foreach (Linear<T> layer in layers)
        {
            foreach (NamedParameter<T> parameter in layer.Parameters)
            {
                foreach (NamedParameter<T> earlier in all)
                {
                    if (earlier.Name == parameter.Name)
                    {
                        throw new ArgumentException($"two parameters are named \"{parameter.Name}\"; names must be distinct (they key optimiser state and checkpoints).", nameof(layers));
                    }
                }

                all.Add(parameter);
            }
        }

        return all.AsReadOnly();
    }

    /// <summary>Labels of the activation outputs, "0.tanh" after layer "0", made once so forward passes allocate nothing.</summary>
    private static string[] ActivationLabels(Linear<T>[] layers, Activation activation)
    {
        string suffix = activation.ToString().ToLowerInvariant();
        var labels = new string[layers.Length - 1];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = Linear<T>.ParameterName(layers[i].Name, suffix);
        }

        return labels;
    }
}
