using System.CommandLine;
using Kernel.Autodiff.Gpu;
using Kernel.Cli.Commands;

namespace Kernel.Cli;

/// <summary>The <c>kernel</c> command line.</summary>
public static class Program
{
    /// <summary>Parses the arguments and runs the chosen command. Exit codes: 0 success, 1 a check failed, 2 bad input (one line), 3 a numerical breakdown (train, eval).</summary>
    public static int Main(string[] args)
    {
        // The CLI is where a device is asked for (--device cuda|ilgpu-cpu): plug the GPU backend into the tape's backends.
        GpuBackends.Register();
        var root = new RootCommand("Kernel: a numerics engine with its own autodiff for policy-gradient RL.")
        {
            GradCheckCommand.Create(),
            EnvsCommand.Create(),
            TrainCommand.Create(),
            AlgosCommand.Create(),
            EvalCommand.Create(),
            PlotCommand.Create(),
            DevicesCommand.Create(),
            SweepCommand.Create(),
            ReproduceCommand.Create(),
            LandscapeCommand.Create(),
            AnalyzeCommand.Create(),
        };

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine lists an enum's allowed values one per line: the rule is one line.
            string message = string.Join(' ', parsed.Errors[0].Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Console.Error.WriteLine($"kernel: {message} (see kernel --help)");
            return 2;
        }

        return parsed.Invoke();
    }
}
