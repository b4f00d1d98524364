using Kernel.Bench.Harness;
using TorchSharp.Modules;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>
/// <c>nn.Sequential(Linear, Tanh, ..., Linear)</c> with the fixed parameters of bench/Kernel.Bench's FixedNetwork:
/// layer i's weight from stream first + 2i scaled by 1/sqrt(in), its bias from stream first + 2i + 1 scaled by 0.1.
/// Thread-safety: as TorchSharp modules, one thread at a time.
/// </summary>
public static class TanhMlp
{
    /// <summary>Builds the network in <paramref name="dtype"/> and assigns the fixed parameters.</summary>
    public static Sequential Create(IReadOnlyList<int> widths, ScalarType dtype, int firstStream)
    {
        ArgumentNullException.ThrowIfNull(widths);
        var modules = new List<nn.Module<Tensor, Tensor>>();
        var linears = new List<Linear>();
        for (int i = 0; i + 1 < widths.Count; i++)
        {
            if (i > 0)
            {
                modules.Add(nn.Tanh());
            }

            Linear layer = nn.Linear(widths[i], widths[i + 1], dtype: dtype);
            linears.Add(layer);
            modules.Add(layer);
        }

        using (no_grad())
        {
            for (int i = 0; i < linears.Count; i++)
            {
                Linear layer = linears[i];
                long inFeatures = widths[i];
                using Tensor weight = TorchTensors.Fixed([widths[i + 1], inFeatures], firstStream + (2 * i), dtype, 1 / Math.Sqrt(inFeatures));
                using Tensor bias = TorchTensors.Fixed([widths[i + 1]], firstStream + (2 * i) + 1, dtype, 0.1);
                layer.weight!.copy_(weight);
                layer.bias!.copy_(bias);
            }
        }

        return nn.Sequential(modules);
    }
}
