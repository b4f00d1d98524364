using BenchmarkDotNet.Attributes;
using Kernel.Bench.Workloads;

namespace Kernel.Bench;

/// <summary>
/// This core's fused multiply-add peak (<see cref="FmaProbe"/>: 12 independent chains on the widest accelerated
/// vectors, <see cref="FmaPeakWorkload{T}.Iterations"/> iterations). GFLOP/s = <see cref="FmaProbe.Flops{T}"/> / time;
/// bench/compare prints it and GEMM as a share of it.
/// Run: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*FmaPeak*'</c>.
/// </summary>
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class FmaPeakBenchmarks
{
    /// <summary>fp32: 2 x lanes x 12 x 1e6 floating-point operations.</summary>
    [Benchmark]
    public float SingleFma() => FmaProbe.Run<float>(FmaPeakWorkload<float>.Iterations);

    /// <summary>fp64: 2 x lanes x 12 x 1e6 floating-point operations.</summary>
    [Benchmark]
    public double DoubleFma() => FmaProbe.Run<double>(FmaPeakWorkload<double>.Iterations);
}
