using BenchmarkDotNet.Attributes;
using Kernel.Bench.Harness;
using Kernel.Bench.Workloads;

namespace Kernel.Bench;

/// <summary>
/// One forward and backward pass of the tanh MLPs of issue 8 (17-64-64-6 at batch 64 and 2048, 376-1024-1024-17 at
/// batch 64) on the tape (<see cref="MlpWorkload{T}"/>), fp32 and fp64, GEMMs on 1 and 2 threads.
/// Run: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*Mlp*'</c>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class MlpBenchmarks<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private MlpWorkload<T> workload = null!;

    /// <summary>The network and batch, by workload name ("mlp 17-64-64-6 b64 fwd+bwd").</summary>
    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "";

    /// <summary>The tape backend's GEMM thread limit.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>The workload names of <see cref="WorkloadNames.MlpShapes"/>.</summary>
    public static IEnumerable<string> Shapes => WorkloadNames.MlpShapes.Select(s => WorkloadNames.Mlp(s.Widths, s.Batch));

    /// <summary>Builds the network and the batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (int[] widths, int batch) = WorkloadNames.MlpShapes.First(s => WorkloadNames.Mlp(s.Widths, s.Batch) == Shape);
        workload = new MlpWorkload<T>(widths, batch, Threads);
    }

    /// <summary>Clear gradients, loss = mean(mlp(x)^2), backward.</summary>
    [Benchmark]
    public void ForwardBackward() => workload.Run();

    /// <summary>Frees the workload (BenchmarkDotNet runs it as the global cleanup; it does not call Dispose itself).</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        workload.Dispose();
        GC.SuppressFinalize(this);
    }
}
