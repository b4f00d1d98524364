using Kernel.Algorithms.SecondOrder;
using Kernel.Bench.Harness;

namespace Kernel.Bench.Workloads;

/// <summary>
/// CG(10) for (F + 0.1 I) x = v from x = 0 with Gauss-Newton products of <see cref="FixedGaussianPolicy{T}"/> at batch
/// 2048, all 10 iterations (tolerance 0). Check: x in full. Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class ConjugateGradientWorkload<T> : IWorkload
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Iterations per solve.</summary>
    public const int Iterations = 10;

    private readonly FixedGaussianPolicy<T> fixture;
    private readonly FisherVectorProduct<T> fisher;
    private readonly ConjugateGradient<T> solver;
    private readonly T[] solution;

    /// <summary>Builds the policy, the products and the solver.</summary>
    public ConjugateGradientWorkload(int threads)
    {
        fixture = new FixedGaussianPolicy<T>(threads);
        fisher = new FisherVectorProduct<T>(fixture.Policy, FisherProductMode.GaussNewton, FixedGaussianPolicy<T>.Damping);
        solver = new ConjugateGradient<T>(fisher.Dimension, new ConjugateGradientOptions { MaxIterations = Iterations, Tolerance = 0 });
        solution = new T[fisher.Dimension];
    }

    /// <inheritdoc />
    public void Activate()
    {
    }

    /// <inheritdoc />
    public void Run() => solver.Solve(fisher, fixture.Vector, solution);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        Run();
        return new Dictionary<string, double[]> { ["x"] = CheckSummary.Widen<T>(solution) };
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
