using Kernel.Bench.Harness;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>
/// tanh forward and backward over 1e6 elements with autograd: clear x.grad, y = tanh(x), y.sum().backward(), x from
/// fixed stream 5 scaled by 3. Thread-safety: one thread at a time.
/// </summary>
public sealed class TorchTanhWorkload : IWorkload
{
    private const int Length = 1_000_000;
    private const int SampleStride = 997;

    private readonly int threads;
    private readonly Tensor x;

    /// <summary>Creates x.</summary>
    public TorchTanhWorkload(ScalarType dtype, int threads)
    {
        this.threads = threads;
        x = TorchTensors.Fixed([Length], 5, dtype, 3.0).requires_grad_();
    }

    /// <inheritdoc />
    public void Activate() => set_num_threads(threads);

    /// <inheritdoc />
    public void Run()
    {
        using DisposeScope scope = NewDisposeScope();
        Forward().sum().backward();
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor y = Forward();
        y.sum().backward();
        double[] values = TorchTensors.ToDoubles(y);
        double[] gradient = TorchTensors.ToDoubles(x.grad!);
        return new Dictionary<string, double[]>
        {
            ["y_sample"] = CheckSummary.Sample<double>(values, SampleStride),
            ["dx_sample"] = CheckSummary.Sample<double>(gradient, SampleStride),
            ["y_sum"] = CheckSummary.RowSums<double>(values, 1, Length),
            ["dx_sum"] = CheckSummary.RowSums<double>(gradient, 1, Length),
        };
    }

    /// <inheritdoc />
    public void Dispose() => x.Dispose();

    private Tensor Forward()
    {
        x.grad = null;
        return tanh(x);
    }
}
