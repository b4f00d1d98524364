using Kernel.Bench.Harness;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>
/// CG(10) for (F + 0.1 I) x = v from x = 0 with <see cref="TorchGaussianPolicy"/>'s products, every iteration run.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class TorchConjugateGradientWorkload(ScalarType dtype, int threads) : IWorkload
{
    private const int Iterations = 10;

    private readonly TorchGaussianPolicy policy = new(dtype);

    /// <inheritdoc />
    public void Activate() => set_num_threads(threads);

    /// <inheritdoc />
    public void Run()
    {
        using DisposeScope scope = NewDisposeScope();
        Solve();
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        using DisposeScope scope = NewDisposeScope();
        return new Dictionary<string, double[]> { ["x"] = TorchTensors.ToDoubles(Solve()) };
    }

    /// <inheritdoc />
    public void Dispose() => policy.Dispose();

    private Tensor Solve()
    {
        Tensor b = policy.Vector;
        Tensor x = zeros_like(b);
        Tensor r = b.clone();
        Tensor p = b.clone();
        Tensor rr = r.dot(r);
        for (int k = 0; k < Iterations; k++)
        {
            Tensor product = policy.FisherVectorProduct(p).detach();
            Tensor alpha = rr / p.dot(product);
            x = x + (alpha * p);
            r = r - (alpha * product);
            Tensor next = r.dot(r);
            p = r + ((next / rr) * p);
            rr = next;
        }

        return x;
    }
}
