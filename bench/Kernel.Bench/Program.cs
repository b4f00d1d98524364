using BenchmarkDotNet.Running;

namespace Kernel.Bench;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*Gemm*'</c>.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected by the command-line arguments.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
