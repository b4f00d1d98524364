using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Running;
using Kernel.Bench.Harness;
using Kernel.Bench.Workloads;

namespace Kernel.Bench;

/// <summary>
/// Entry point. <c>--serve</c> answers bench/compare's line protocol on standard input and output
/// (<see cref="WorkloadServer"/>); anything else goes to BenchmarkDotNet, e.g.
/// <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*Gemm*'</c>.
/// </summary>
public static class Program
{
    /// <summary>Serves the compare script or runs the benchmarks selected by the command-line arguments.</summary>
    public static void Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["--serve"])
        {
            string details = $".NET {Environment.Version}, {RuntimeInformation.OSArchitecture}, Vector512 {(Vector512.IsHardwareAccelerated ? "on" : "off")}, {Environment.ProcessorCount} logical processors";
            using var server = new WorkloadServer("Kernel", details, KernelWorkloads.All());
            server.Serve(Console.In, Console.Out);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
