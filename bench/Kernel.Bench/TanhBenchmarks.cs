using BenchmarkDotNet.Attributes;
using Kernel.Bench.Workloads;
using Kernel.Kernels.Cpu;

namespace Kernel.Bench;

/// <summary>
/// tanh forward and backward over 1e6 elements, fp32 and fp64: on the tape as training does it
/// (<see cref="TanhWorkload{T}"/>), and the bare kernels (<see cref="Elementwise.Tanh{T}"/> then
/// <see cref="Elementwise.TanhBackward{T}"/>) to show what the tape adds. The GB/s column counts the five arrays the
/// two passes must move. Run: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*Tanh*'</c>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[Config(typeof(GigabytesPerSecondColumn.Config))]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class TanhBenchmarks<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private TanhWorkload<T> workload = null!;
    private T[] x = [];
    private T[] y = [];
    private T[] upstream = [];
    private T[] gradient = [];

    /// <summary>Builds the tape workload and the kernels' arrays.</summary>
    [GlobalSetup]
    public void Setup()
    {
        workload = new TanhWorkload<T>(threads: 1);
        x = Harness.FixedInputs.Values<T>(TanhWorkload<T>.Length, 5, 3.0);
        y = new T[x.Length];
        upstream = new T[x.Length];
        Array.Fill(upstream, T.One);
        gradient = new T[x.Length];
    }

    /// <summary>Clear the gradient, y = tanh(x), backward from sum(y) on the tape.</summary>
    [Benchmark(Baseline = true)]
    public void Tape() => workload.Run();

    /// <summary>The two kernels alone: y = tanh(x), dx = g (1 - y^2).</summary>
    [Benchmark]
    public void Kernels()
    {
        Elementwise.Tanh<T>(x, y);
        Elementwise.TanhBackward<T>(y, upstream, gradient);
    }

    /// <summary>Frees the workload (BenchmarkDotNet runs it as the global cleanup; it does not call Dispose itself).</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        workload.Dispose();
        GC.SuppressFinalize(this);
    }
}
