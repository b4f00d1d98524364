using Kernel.Algorithms.Nn;
using Kernel.Bench.Harness;

namespace Kernel.Bench.Workloads;

/// <summary>
/// Overwrites an MLP's parameters with fixed values every contender can reproduce: layer i's weight [out, in] from
/// stream first + 2i scaled by 1/sqrt(in), its bias from stream first + 2i + 1 scaled by 0.1. Thread-safety: stateless.
/// </summary>
public static class FixedNetwork
{
    /// <summary>Assigns the fixed values to every layer of <paramref name="network"/>.</summary>
    /// <param name="network">The MLP (its parameters must be tape parameters).</param>
    /// <param name="firstStream">The stream of the first layer's weight.</param>
    public static void Assign<T>(Mlp<T> network, int firstStream)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegative(firstStream);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Linear<T> layer = network.Layers[i];
            T[] weight = FixedInputs.Values<T>(layer.OutFeatures * layer.InFeatures, firstStream + (2 * i), 1 / Math.Sqrt(layer.InFeatures));
            T[] bias = FixedInputs.Values<T>(layer.OutFeatures, firstStream + (2 * i) + 1, 0.1);
            weight.CopyTo(layer.Weight.LeafValues);
            bias.CopyTo(layer.Bias.LeafValues);
        }
    }

    /// <summary>Floating-point operations of the GEMMs in one forward and backward pass at <paramref name="batch"/> (input gradient of the first layer not needed).</summary>
    public static double ForwardBackwardFlops(IReadOnlyList<int> widths, int batch)
    {
        ArgumentNullException.ThrowIfNull(widths);
        double flops = 0;
        for (int i = 0; i + 1 < widths.Count; i++)
        {
            double product = 2.0 * batch * widths[i] * widths[i + 1];
            flops += i == 0 ? 2 * product : 3 * product; // forward, weight gradient, input gradient past the first layer
        }

        return flops;
    }
}
