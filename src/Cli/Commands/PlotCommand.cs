using System.CommandLine;
using Kernel.Algorithms.Diagnostics;
using Kernel.Plots;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel plot</c>: draws a run's plots/*.png from its metrics.csv again (<c>--run DIR</c>), or one metric of
/// several runs in one image (<c>--compare METRIC --out FILE.png DIR...</c>, each run labelled by its folder name).
/// Exit codes: 0 done, 2 bad input.
/// </summary>
internal static class PlotCommand
{
    private const string Prefix = "kernel plot: ";

    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "A run directory: redraw its plots/*.png." };
        var compare = new Option<string?>("--compare") { Description = $"A metric to draw for several runs: one of {string.Join(", ", UpdateRecord.Names.Concat(UpdateRecord.OptionalNames).Where(n => n != "exploded_at"))}." };
        var output = new Option<string?>("--out") { Description = "The PNG file --compare writes." };
        var logY = new Option<bool>("--log-y") { Description = "Logarithmic y axis for --compare." };
        var runs = new Argument<string[]>("runs") { Description = "Run directories for --compare.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("plot", "Draw a run's plots again, or compare one metric across runs.")
        {
            run,
            compare,
            output,
            logY,
            runs,
        };
        command.SetAction(result => Run(result.GetValue(run), result.GetValue(compare), result.GetValue(output), result.GetValue(logY), result.GetValue(runs) ?? []));
        return command;
    }

    private static int Run(string? run, string? metric, string? output, bool logY, string[] runs)
    {
        try
        {
            if (run is not null == metric is not null)
            {
                throw new ArgumentException("give either --run DIR or --compare METRIC --out FILE.png DIR...");
            }

            if (run is not null)
            {
                foreach (string path in RunPlots.Write(run))
                {
                    Console.WriteLine(path);
                }

                return 0;
            }

            if (output is null || runs.Length == 0)
            {
                throw new ArgumentException("--compare needs --out FILE.png and at least one run directory.");
            }

            RunPlots.Compare([.. runs.Select(directory => (Label(directory), directory))], metric!, output, logY);
            Console.WriteLine(output);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{Prefix}{UsageError.Describe(e)}");
            return 2;
        }
    }

    /// <summary>A run's legend label: its folder's name, or the path itself where it has none (/, C:\).</summary>
    private static string Label(string directory)
        => Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)) is { Length: > 0 } name ? name : directory;
}
