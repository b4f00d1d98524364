using System.CommandLine;
using System.Globalization;
using Kernel.Autodiff.Checking;
using Spectre.Console;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel gradcheck</c>: runs the built-in battery (every op and the MLP, Gaussian log-prob and PPO-loss
/// composites) in the chosen precisions and prints one row per check; exit 1 if any fails.
/// </summary>
internal static class GradCheckCommand
{
    private static readonly string[] Precisions = ["fp16", "fp32", "fp64", "all"];

    public static Command Create()
    {
        var precision = new Option<string>("--precision")
        {
            Description = "Precision of the analytic derivatives: fp16, fp32, fp64, or all (fp32 and fp64). Finite differences always run in fp64.",
            DefaultValueFactory = _ => "all",
        };
        precision.AcceptOnlyFromAmong(Precisions);
        var seed = new Option<int>("--seed")
        {
            Description = "Seed for the sampled inputs.",
            DefaultValueFactory = _ => 7,
        };
        var filter = new Option<string?>("--filter")
        {
            Description = "Only cases whose name contains this text (e.g. matmul).",
        };

        var command = new Command("gradcheck", "Compare analytic gradients, JVPs and HVPs of every op with fp64 finite differences.")
        {
            precision,
            seed,
            filter,
        };
        command.SetAction(result => Run(result.GetValue(precision)!, result.GetValue(seed), result.GetValue(filter)));
        return command;
    }

    private static int Run(string precision, int seed, string? filter)
    {
        List<GradCheckBattery> cases = GradCheckBattery.Cases
            .Where(c => filter is null || c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (cases.Count == 0)
        {
            Console.Error.WriteLine($"kernel gradcheck: --filter '{filter}' matches no case; cases are: {string.Join(", ", GradCheckBattery.Cases.Select(c => c.Name))}.");
            return 2;
        }

        var results = new List<GradCheckResult>();
        foreach (string name in precision == "all" ? ["fp32", "fp64"] : new[] { precision })
        {
            results.AddRange(name switch
            {
                "fp16" => GradCheckBattery.Run<Half>(cases, seed),
                "fp32" => GradCheckBattery.Run<float>(cases, seed),
                _ => GradCheckBattery.Run<double>(cases, seed),
            });
        }

        var table = new Table().Title("gradcheck: analytic vs fp64 central differences");
        table.AddColumns("case", "precision", "mode", "result", "max abs err", "max rel err", "worst element", "analytic", "numeric");
        foreach (GradCheckResult r in results)
        {
            table.AddRow(
                Markup.Escape(r.Function),
                r.Precision,
                r.Mode.ToString(),
                r.Passed ? "[green]pass[/]" : "[red]FAIL[/]",
                Number(r.MaxAbsoluteError),
                Number(r.MaxRelativeError),
                Markup.Escape($"{r.WorstInput}[{r.WorstElement}]"),
                Number(r.WorstAnalytic),
                Number(r.WorstNumeric));
        }

        if (Console.IsOutputRedirected)
        {
            // Piped output has no terminal width; keep one row per check rather than wrapping at 80 columns.
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
        }

        AnsiConsole.Write(table);
        int failed = results.Count(r => !r.Passed);
        AnsiConsole.MarkupLine(failed == 0
            ? $"[green]{results.Count} checks passed[/]"
            : $"[red]{failed} of {results.Count} checks failed[/]");
        return failed == 0 ? 0 : 1;
    }

    private static string Number(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
