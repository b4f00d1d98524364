using Kernel.Envs;

namespace Kernel.Algorithms.Nn;

/// <summary>
/// PyTorch's default initialisation of <c>nn.Linear</c> (<c>reset_parameters</c>): the weight is Kaiming-uniform with
/// a = sqrt(5), i.e. gain = sqrt(2 / (1 + a^2)), bound = sqrt(3) * gain / sqrt(fan_in), which is 1/sqrt(fan_in);
/// the bias is uniform in +-1/sqrt(fan_in). The bound is computed by the same formula as PyTorch's so it agrees to the
/// last bit. Draw order: weight row by row, then bias. Immutable.
/// </summary>
public sealed class TorchDefaultInit : LayerInit
{
    /// <summary>The single instance.</summary>
    public static readonly TorchDefaultInit Instance = new();

    private TorchDefaultInit()
    {
    }

    /// <summary>The weight bound for fan-in <paramref name="inFeatures"/>: sqrt(3) * sqrt(2 / (1 + 5)) / sqrt(fan_in).</summary>
    public static double WeightBound(int inFeatures)
    {
        double a = Math.Sqrt(5.0);
        double gain = Math.Sqrt(2.0 / (1 + (a * a)));
        return Math.Sqrt(3.0) * (gain / Math.Sqrt(inFeatures));
    }

    /// <summary>The bias bound for fan-in <paramref name="inFeatures"/>: 1/sqrt(fan_in).</summary>
    public static double BiasBound(int inFeatures) => 1 / Math.Sqrt(inFeatures);

    /// <inheritdoc />
    public override void Initialize(Span<double> weight, Span<double> bias, int outFeatures, int inFeatures, KernelRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        LayerShapes.Check(weight, bias, outFeatures, inFeatures);
        double weightBound = WeightBound(inFeatures);
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = random.Uniform(-weightBound, weightBound);
        }

        double biasBound = BiasBound(inFeatures);
        for (int i = 0; i < bias.Length; i++)
        {
            bias[i] = random.Uniform(-biasBound, biasBound);
        }
    }

    /// <inheritdoc />
    public override string ToString() => "torch-default";
}
