using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernel.Algorithms.SecondOrder;
using Kernel.Bench.Workloads;

namespace Kernel.Bench;

/// <summary>
/// The second-order workloads of DESIGN.md's targets on the 17-64-64-6 tanh Gaussian policy at batch 2048
/// (<see cref="FixedGaussianPolicy{T}"/>): one policy gradient, one Fisher-vector product each way, and one CG(10)
/// solve with Gauss-Newton products (damping 0.1, all 10 iterations). The products' cost as a multiple of the gradient
/// is the ratio of the rows; MemoryDiagnoser shows the managed allocations after warm-up.
/// Run: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*FisherVectorProduct*'</c>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class FisherVectorProductBenchmarks<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private PolicyGradientWorkload<T> gradient = null!;
    private FisherVectorProductWorkload<T> gaussNewton = null!;
    private FisherVectorProductWorkload<T> exact = null!;
    private ConjugateGradientWorkload<T> conjugateGradient = null!;

    /// <summary>The tape backend's GEMM thread limit.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Builds the four workloads on the same fixed policy and batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        gradient = new PolicyGradientWorkload<T>(Threads);
        gaussNewton = new FisherVectorProductWorkload<T>(Threads, FisherProductMode.GaussNewton);
        exact = new FisherVectorProductWorkload<T>(Threads, FisherProductMode.Exact);
        conjugateGradient = new ConjugateGradientWorkload<T>(Threads);
    }

    /// <summary>One policy gradient: forward and backward of -mean(log pi(a|s) A) over the batch.</summary>
    [Benchmark(Baseline = true)]
    public void PolicyGradient() => gradient.Run();

    /// <summary>One Gauss-Newton product J^T M J v.</summary>
    [Benchmark]
    public void FisherProductGaussNewton() => gaussNewton.Run();

    /// <summary>One exact product (double backward of the mean KL).</summary>
    [Benchmark]
    public void FisherProductExact() => exact.Run();

    /// <summary>CG(10) for (F + 0.1 I) x = v with Gauss-Newton products.</summary>
    [Benchmark]
    public void ConjugateGradient10() => conjugateGradient.Run();

    /// <summary>Frees the workloads (BenchmarkDotNet runs it as the global cleanup; it does not call Dispose itself).</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        gradient.Dispose();
        gaussNewton.Dispose();
        exact.Dispose();
        conjugateGradient.Dispose();
        GC.SuppressFinalize(this);
    }
}
