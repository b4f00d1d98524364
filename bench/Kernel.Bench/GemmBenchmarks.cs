using BenchmarkDotNet.Attributes;
using Kernel.Bench.Harness;
using Kernel.Bench.Workloads;

namespace Kernel.Bench;

/// <summary>
/// GEMM C = op(A) op(B) (alpha 1, beta 0) over the shapes of <see cref="GemmShape.All"/> (square 64, 256, 1024 and the
/// RL shapes with the transposes a Linear layer's backward uses), fp32 and fp64, on 1 and 2 threads, with a GFLOP/s
/// column. Run: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*Gemm*'</c>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[Config(typeof(GflopsColumn.Config))]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class GemmBenchmarks<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private GemmWorkload<T> workload = null!;

    /// <summary>The product.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.All[0];

    /// <summary>GemmOptions.MaxThreads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>The shapes.</summary>
    public static IEnumerable<GemmShape> Shapes => GemmShape.All;

    /// <summary>Fills the operands from the fixed inputs.</summary>
    [GlobalSetup]
    public void Setup() => workload = new GemmWorkload<T>(Shape, Threads);

    /// <summary>One multiply.</summary>
    [Benchmark]
    public void Multiply() => workload.Run();

    /// <summary>Frees the workload (BenchmarkDotNet runs it as the global cleanup; it does not call Dispose itself).</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        workload.Dispose();
        GC.SuppressFinalize(this);
    }
}
