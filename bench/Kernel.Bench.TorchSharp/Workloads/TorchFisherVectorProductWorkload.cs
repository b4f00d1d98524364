using Kernel.Bench.Harness;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>One Fisher-vector product (F + 0.1 I) v of <see cref="TorchGaussianPolicy"/>. Thread-safety: one thread at a time.</summary>
public sealed class TorchFisherVectorProductWorkload(ScalarType dtype, int threads) : IWorkload
{
    private readonly TorchGaussianPolicy policy = new(dtype);

    /// <inheritdoc />
    public void Activate() => set_num_threads(threads);

    /// <inheritdoc />
    public void Run()
    {
        using DisposeScope scope = NewDisposeScope();
        policy.FisherVectorProduct(policy.Vector);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        using DisposeScope scope = NewDisposeScope();
        return new Dictionary<string, double[]> { ["fvp"] = TorchTensors.ToDoubles(policy.FisherVectorProduct(policy.Vector)) };
    }

    /// <inheritdoc />
    public void Dispose() => policy.Dispose();
}
