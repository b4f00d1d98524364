using Kernel.Algorithms.SecondOrder;
using Kernel.Bench.Harness;

namespace Kernel.Bench.Workloads;

/// <summary>
/// One Fisher-vector product (F + 0.1 I) v of <see cref="FixedGaussianPolicy{T}"/> at batch 2048, by default Kernel's
/// fastest way (Gauss-Newton: forward mode, analytic metric, reverse mode); the peers compute the same product the
/// idiomatic way (double backward of the mean KL). Check: the product in full. Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class FisherVectorProductWorkload<T> : IWorkload
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly FixedGaussianPolicy<T> fixture;
    private readonly FisherVectorProduct<T> fisher;
    private readonly T[] result;

    /// <summary>Builds the policy and the product.</summary>
    /// <param name="threads">The tape backend's GEMM thread limit, at least 1.</param>
    /// <param name="mode">How the product is computed.</param>
    public FisherVectorProductWorkload(int threads, FisherProductMode mode = FisherProductMode.GaussNewton)
    {
        fixture = new FixedGaussianPolicy<T>(threads);
        fisher = new FisherVectorProduct<T>(fixture.Policy, mode, FixedGaussianPolicy<T>.Damping);
        result = new T[fisher.Dimension];
    }

    /// <inheritdoc />
    public void Activate()
    {
    }

    /// <inheritdoc />
    public void Run() => fisher.Apply(fixture.Vector, result);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        Run();
        return new Dictionary<string, double[]> { ["fvp"] = CheckSummary.Widen<T>(result) };
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
