using Kernel.Bench.Harness;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>One policy gradient, -mean(log pi(a|s) A) then backward, of <see cref="TorchGaussianPolicy"/>. Thread-safety: one thread at a time.</summary>
public sealed class TorchPolicyGradientWorkload(ScalarType dtype, int threads) : IWorkload
{
    private readonly TorchGaussianPolicy policy = new(dtype);

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
        foreach ((string name, Tensor parameter) in policy.NamedParameters)
        {
            TorchTensors.AddGradient(values, name, parameter.grad!);
        }

        return values;
    }

    /// <inheritdoc />
    public void Dispose() => policy.Dispose();

    private Tensor Step()
    {
        foreach (Tensor parameter in policy.Parameters)
        {
            parameter.grad = null;
        }

        Tensor loss = -(policy.LogProb() * policy.Advantages).mean();
        loss.backward();
        return loss;
    }
}
