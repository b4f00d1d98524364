using BenchmarkDotNet.Attributes;
using Kernel.Bench.Harness;
using Kernel.Bench.Workloads;

namespace Kernel.Bench;

/// <summary>
/// One PPO minibatch update (<see cref="PpoUpdateWorkload{T}"/> for each <see cref="PpoShape"/>, e.g. policy 17-64-64-6
/// with log_std, value 17-64-64-1, batch 64; log-prob, ratio, clipped surrogate, value loss, backward, gradient-norm
/// clip, Adam), fp16, fp32 and fp64, GEMMs on 1 and 2 threads. The MemoryDiagnoser column must read 0 B (DESIGN: no managed allocation per update).
/// Run: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*Ppo*'</c>.
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[GenericTypeArguments(typeof(Half))]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class PpoUpdateBenchmarks<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private PpoUpdateWorkload<T> workload = null!;

    /// <summary>The workload name of a <see cref="PpoShape"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "";

    /// <summary>The names of <see cref="PpoShape.All"/>.</summary>
    public static IEnumerable<string> Shapes => PpoShape.All.Select(s => s.Name);

    /// <summary>The tape backend's GEMM thread limit.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Builds networks, optimiser and the minibatch.</summary>
    [GlobalSetup]
    public void Setup() => workload = new PpoUpdateWorkload<T>(PpoShape.All.First(s => s.Name == Shape), Threads);

    /// <summary>One update.</summary>
    [Benchmark]
    public void Update() => workload.Run();

    /// <summary>Frees the workload (BenchmarkDotNet runs it as the global cleanup; it does not call Dispose itself).</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        workload.Dispose();
        GC.SuppressFinalize(this);
    }
}
