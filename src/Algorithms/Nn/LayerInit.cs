using Kernel.Envs;

namespace Kernel.Algorithms.Nn;

/// <summary>
/// How a linear layer's weight [out, in] and bias [out] are drawn. Values are computed in double and rounded once to
/// the run's precision by the layer. Implementations are immutable, so one instance may be shared.
/// </summary>
public abstract class LayerInit
{
    /// <summary>PyTorch's default for <c>nn.Linear</c>: weight and bias uniform in +-1/sqrt(in).</summary>
    public static LayerInit TorchDefault => TorchDefaultInit.Instance;

    /// <summary>An orthogonal weight scaled by <paramref name="gain"/> and a zero bias.</summary>
    public static LayerInit Orthogonal(double gain) => new OrthogonalInit(gain);

    /// <summary>
    /// Fills <paramref name="weight"/> (row-major, outFeatures x inFeatures) and <paramref name="bias"/> (outFeatures),
    /// drawing from <paramref name="random"/>.
    /// </summary>
    public abstract void Initialize(Span<double> weight, Span<double> bias, int outFeatures, int inFeatures, KernelRandom random);
}
