using Kernel.Bench.Harness;
using TorchSharp.Modules;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>
/// One forward and backward pass of a tanh MLP: zero_grad (set to none), loss = mean(mlp(x)^2), backward; x from fixed
/// stream 1. Thread-safety: one thread at a time.
/// </summary>
public sealed class TorchMlpWorkload : IWorkload
{
    private readonly int threads;
    private readonly Sequential network;
    private readonly Tensor x;

    /// <summary>Builds the network and the batch.</summary>
    public TorchMlpWorkload(IReadOnlyList<int> widths, int batch, ScalarType dtype, int threads)
    {
        ArgumentNullException.ThrowIfNull(widths);
        this.threads = threads;
        network = TanhMlp.Create(widths, dtype, 10);
        x = TorchTensors.Fixed([batch, widths[0]], 1, dtype);
    }

    /// <inheritdoc />
    public void Activate() => set_num_threads(threads);

    /// <inheritdoc />
    public void Run()
    {
        using DisposeScope scope = NewDisposeScope();
        Step();
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor loss = Step();
        var values = new Dictionary<string, double[]> { ["loss"] = [loss.to(ScalarType.Float64).item<double>()] };
        foreach ((string name, Parameter parameter) in network.named_parameters())
        {
            TorchTensors.AddGradient(values, name, parameter.grad!);
        }

        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        network.Dispose();
        x.Dispose();
    }

    private Tensor Step()
    {
        network.zero_grad(set_to_none: true);
        Tensor loss = network.call(x).square().mean();
        loss.backward();
        return loss;
    }
}
