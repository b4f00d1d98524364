using Kernel.Bench.Harness;
using Kernel.Bench.TorchSharp.Workloads;

namespace Kernel.Bench.TorchSharp;

/// <summary>
/// Entry point: <c>--serve</c> answers bench/compare's line protocol (<see cref="WorkloadServer"/>) for the TorchSharp
/// workloads. If libtorch does not load, the error names the fix (bench/Kernel.Bench.TorchSharp/relax_missing_versions.py).
/// </summary>
public static class Program
{
    /// <summary>Serves the compare script.</summary>
    /// <returns>0, or 2 for a wrong command line, or 3 when libtorch cannot be loaded.</returns>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not ["--serve"])
        {
            Console.Error.WriteLine("usage: Kernel.Bench.TorchSharp --serve   (bench/compare starts it)");
            return 2;
        }

        string details;
        try
        {
            details = $"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {torch.__version__}, {get_num_threads()} threads by default";
        }
        catch (Exception exception) when (exception is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            Console.Error.WriteLine(
                $"libtorch did not load ({exception.GetBaseException().Message}). On Debian 12 run "
                + "bench/Kernel.Bench.TorchSharp/relax_missing_versions.py on the output's runtimes/linux-x64/native folder "
                + "(bench/compare does it).");
            return 3;
        }

        using var server = new WorkloadServer("TorchSharp", details, TorchWorkloads.All());
        server.Serve(Console.In, Console.Out);
        return 0;
    }
}
