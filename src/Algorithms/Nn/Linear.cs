using System.Collections.ObjectModel;
using Kernel.Envs;

namespace Kernel.Algorithms.Nn;

/// <summary>
/// A fully connected layer y = x W^T + b with W [out, in] (PyTorch's layout) and b [out], recorded as one matmul and
/// one row broadcast. Parameters are named "weight" and "bias" under the layer's name ("0.weight").
/// Thread-safety: the parameters live on one tape, which belongs to one thread at a time.
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public sealed class Linear<T> : IModule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly string outputLabel;

    /// <summary>Creates the layer's parameters on <paramref name="tape"/>, drawn in double and rounded once to T.</summary>
    /// <param name="tape">The tape that will hold the parameters.</param>
    /// <param name="inFeatures">Input width, at least 1.</param>
    /// <param name="outFeatures">Output width, at least 1.</param>
    /// <param name="init">How weight and bias are drawn.</param>
    /// <param name="random">The stream the values are drawn from.</param>
    /// <param name="name">Prefix of the parameter names ("" gives "weight" and "bias"; "0" gives "0.weight").</param>
    public Linear(Tape<T> tape, int inFeatures, int outFeatures, LayerInit init, KernelRandom random, string name = "")
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(name);
        LayerShapes.CheckWidth(inFeatures, nameof(inFeatures));
        LayerShapes.CheckWidth(outFeatures, nameof(outFeatures));

        var weight = new double[outFeatures * inFeatures];
        var bias = new double[outFeatures];
        init.Initialize(weight, bias, outFeatures, inFeatures, random);

        Name = name;
        Weight = tape.Parameter(Shape.Matrix(outFeatures, inFeatures), Narrow(weight), ParameterName(name, "weight"));
        Bias = tape.Parameter(Shape.Vector(outFeatures), Narrow(bias), ParameterName(name, "bias"));
        Parameters = NamedParameters();
        outputLabel = OutputLabel(name);
    }

    /// <summary>Wraps existing tensors (shared parameters, or variables in a gradient check) as a layer.</summary>
    /// <param name="weight">A matrix [out, in] with out, in at least 1.</param>
    /// <param name="bias">A vector [out] on the same tape.</param>
    /// <param name="name">Prefix of the parameter names.</param>
    public Linear(Tensor<T> weight, Tensor<T> bias, string name = "")
    {
        ArgumentNullException.ThrowIfNull(name);
        Shape weightShape = weight.Shape;
        if (weightShape.Rank != 2 || weightShape.Rows == 0 || weightShape.Columns == 0)
        {
            throw new ArgumentException($"weight has shape {weightShape}; it must be a matrix [out x in] with out, in >= 1.", nameof(weight));
        }

        if (bias.Shape != Shape.Vector(weightShape.Rows))
        {
            throw new ArgumentException($"bias has shape {bias.Shape}; a weight of shape {weightShape} needs a bias of shape {Shape.Vector(weightShape.Rows)}.", nameof(bias));
        }

        if (!ReferenceEquals(weight.Tape, bias.Tape))
        {
            throw new ArgumentException("bias lives on a different tape than weight.", nameof(bias));
        }

        Name = name;
        Weight = weight;
        Bias = bias;
        Parameters = NamedParameters();
        outputLabel = OutputLabel(name);
    }

    /// <summary>The layer's name, the prefix of its parameter names.</summary>
    public string Name { get; }

    /// <summary>The weight [out, in].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>The bias [out].</summary>
    public Tensor<T> Bias { get; }

    /// <inheritdoc />
    public int InFeatures => Weight.Columns;

    /// <inheritdoc />
    public int OutFeatures => Weight.Rows;

    /// <summary>Weight, then bias.</summary>
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>x W^T + b for x [batch, in]; the output is labelled with the layer's name for the numerics monitor.</summary>
    public Tensor<T> Forward(Tensor<T> input)
    {
        Shape shape = input.Shape;
        if (shape.Columns != InFeatures || shape.Rank == 0)
        {
            throw new ArgumentException($"linear \"{outputLabel}\": input has shape {shape}; it needs [batch x {InFeatures}].", nameof(input));
        }

        return input.MatMul(Weight, transposeB: true).AddRow(Bias, outputLabel);
    }

    /// <summary>"prefix.suffix", or just the suffix for an empty prefix.</summary>
    internal static string ParameterName(string prefix, string suffix) => prefix.Length == 0 ? suffix : $"{prefix}.{suffix}";

    private static string OutputLabel(string name) => name.Length == 0 ? "linear" : name;

    private static T[] Narrow(double[] values)
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = T.CreateTruncating(values[i]);
        }

        return result;
    }

    private ReadOnlyCollection<NamedParameter<T>> NamedParameters() => Array.AsReadOnly(
    [
        new NamedParameter<T>(ParameterName(Name, "weight"), Weight),
        new NamedParameter<T>(ParameterName(Name, "bias"), Bias),
    ]);
}
