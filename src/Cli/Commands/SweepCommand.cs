using System.CommandLine;
using System.Globalization;
using Kernel.Experiments.Sweeps;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel sweep</c>: runs a grid of <c>kernel train</c> runs (a sweep spec, see <see cref="SweepSpec"/>) on all
/// local cores or as a Slurm job array, shows how far it got, collects it into a table and figures, and cancels it.
/// Exit codes: 0 every cell finished or exploded, 1 some cell failed (or Slurm failed), 2 bad input, 130 interrupted.
/// </summary>
internal static class SweepCommand
{
    private const string Prefix = "kernel sweep: ";

    public static Command Create()
    {
        return new Command("sweep", "Run a grid of training runs locally or on Slurm, and collect it into a table and figures.")
        {
            RunCommand(),
            StatusCommand(),
            CollectCommand(),
            CancelCommand(),
            CellCommand(),
        };
    }

    /// <summary>Runs a sweep to the end locally, or submits it to Slurm (and waits with <paramref name="wait"/>); returns the exit code.</summary>
    internal static int Execute(SweepSpec spec, SweepLayout layout, string on, int jobs, SlurmOptions slurm, bool wait, KernelCommand kernel)
    {
        using var interruption = new Interruption();
        if (on == "local")
        {
            Console.WriteLine($"sweep {spec.Name}: {spec.Cells.Count} cells, {jobs} at a time -> {layout.Directory}");
            var runner = new LocalRunner(layout, spec, kernel, jobs);
            IReadOnlyList<CellStatus> statuses = SweepProgressDisplay.RunAsync(progress => runner.RunAsync(progress, interruption.Token)).GetAwaiter().GetResult();
            return Summarize(statuses, interruption.Token.IsCancellationRequested, layout);
        }

        var backend = new SlurmBackend(layout, spec, kernel);
        IReadOnlyList<SlurmJob> submitted = backend.Submit(slurm);
        if (submitted.Count == 0)
        {
            Console.WriteLine($"every cell of {layout.Directory} is done; nothing submitted.");
            return 0;
        }

        foreach (SlurmJob job in submitted)
        {
            Console.WriteLine($"submitted job array {job.JobId} ({job.Cells.Count} cells; script {job.Script})");
        }

        Console.WriteLine($"kernel sweep status {layout.Directory} shows progress");
        if (!wait)
        {
            return 0;
        }

        try
        {
            IReadOnlyList<CellStatus> statuses = SweepProgressDisplay.RunAsync(progress => backend.WaitAsync(TimeSpan.FromSeconds(2), progress, interruption.Token)).GetAwaiter().GetResult();
            return Summarize(statuses, interrupted: false, layout);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"stopped waiting; the job keeps running (kernel sweep cancel {layout.Directory} stops it)");
            return 130;
        }
    }

    private static Command RunCommand()
    {
        var specPath = new Argument<string>("spec") { Description = "The sweep spec (JSON: name, base, axes, exclude, include)." };
        var output = new Option<string>("--out") { Description = "The sweep directory (rerun with the same spec to resume).", Required = true };
        var runnerOptions = new RunnerOptions();
        var wait = new Option<bool>("--wait") { Description = "With --on slurm: wait until every task has left the queue." };
        var command = new Command("run", "Run every unfinished cell of a sweep: locally (resumable) or as a Slurm job array.")
        {
            specPath, output, wait,
        };
        runnerOptions.AddTo(command);
        command.SetAction(result => Guard(Prefix, () =>
        {
            string path = result.GetValue(specPath)!;
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"spec = {path}: cannot read it ({e.Message}).", "spec", e);
            }

            SweepSpec spec = SweepSpec.Parse(text, Path.GetDirectoryName(Path.GetFullPath(path))!);
            (string where, int jobCount, SlurmOptions slurm) = runnerOptions.Read(result);

            return Execute(spec, SweepLayout.At(OutDirectory.Create(result.GetValue(output)!)), where, jobCount, slurm, result.GetValue(wait), KernelCommand.Current());
        }));
        return command;
    }

    /// <summary>
    /// <paramref name="command"/> as a subcommand of a sweep directory: the dir argument first, then
    /// <paramref name="action"/> with the directory's layout and spec, under <see cref="Guard"/>.
    /// </summary>
    private static Command OnDirectory(Command command, Func<ParseResult, SweepLayout, SweepSpec, int> action)
    {
        var directory = new Argument<string>("dir") { Description = "The sweep directory." };
        command.Arguments.Insert(0, directory);
        command.SetAction(result => Guard(Prefix, () =>
        {
            SweepLayout layout = SweepLayout.At(result.GetValue(directory)!);
            return action(result, layout, layout.ReadSpec());
        }));
        return command;
    }

    private static Command StatusCommand()
    {
        var command = new Command("status", "Show each cell's state (and Slurm's queue for a Slurm sweep).");
        return OnDirectory(command, (result, layout, spec) =>
        {
            CellStatus[] statuses = [.. spec.Cells.Select(cell => CellStatus.Read(layout.CellStatusPath(cell), cell.Id))];
            var backend = new SlurmBackend(layout, spec, KernelCommand.Current());
            Console.WriteLine($"sweep {spec.Name} in {layout.Directory}: {spec.Cells.Count} cells");
            Dictionary<int, string> queued = [];
            if (backend.Jobs().Count > 0)
            {
                try
                {
                    queued = backend.ActiveTasks().ToDictionary(task => task.Cell, task => task.State);
                }
                catch (InvalidOperationException e)
                {
                    Console.WriteLine($"  (no queue states: {UsageError.Describe(e)}; the states below are the cells' own)");
                }
            }

            foreach (var group in statuses.GroupBy(status => status.State).OrderBy(group => group.Key))
            {
                Console.WriteLine($"  {group.Key.ToString().ToLowerInvariant(),-12} {group.Count()}");
            }

            foreach (SweepCell cell in spec.Cells)
            {
                CellStatus status = statuses[cell.Index];
                string slurm = queued.TryGetValue(cell.Index, out string? state) ? $"  slurm: {state}" : string.Empty;
                if (!status.Done || slurm.Length > 0)
                {
                    string message = status.Message?.Split('\n').LastOrDefault(line => line.Trim().Length > 0) is { } last ? $"  {last}" : string.Empty;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cell.Id}: {status.State.ToString().ToLowerInvariant()}, attempts {status.Attempts}, exit {status.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}{slurm}{message}"));
                }
            }

            return statuses.Any(status => status.State == CellState.Failed) ? 1 : 0;
        });
    }

    private static Command CollectCommand()
    {
        var metrics = new Option<string[]>("--metric") { Description = "Metrics to draw (metrics.csv columns). Default return_mean, ratio_log10_max, kl_max.", AllowMultipleArgumentsPerToken = true };
        var over = new Option<string>("--over") { Description = "The axis averaged in the figures (one line per group of the other axes). Default seed.", DefaultValueFactory = _ => "seed" };
        var command = new Command("collect", "Write summary.csv/summary.json (one row per cell) and figures/<metric>.png (mean and 95% interval per group).") { metrics, over };
        return OnDirectory(command, (result, layout, spec) =>
        {
            IReadOnlyList<CellSummary> rows = SweepCollector.Summaries(layout, spec);
            (string csv, string json) = SweepCollector.WriteTable(layout, spec, rows);
            Console.WriteLine(csv);
            Console.WriteLine(json);
            string axis = result.GetValue(over)!;
            if (!spec.Axes.Any(a => a.Name == axis))
            {
                Console.WriteLine($"no figures: the sweep has no '{axis}' axis to average over (--over names one of {string.Join(", ", spec.Axes.Select(a => a.Name))}).");
                return 0;
            }

            string[] chosen = result.GetValue(metrics) is { Length: > 0 } given ? given : ["return_mean", "ratio_log10_max", "kl_max"];
            foreach (string metric in chosen)
            {
                string path = Path.Combine(layout.FiguresDirectory, $"{metric}.png");
                SweepCollector.GroupedFigure(layout, spec, metric, path, logY: metric.StartsWith("kl", StringComparison.Ordinal), axis);
                Console.WriteLine(path);
            }

            return 0;
        });
    }

    private static Command CancelCommand()
    {
        var command = new Command("cancel", "Stop a sweep: its local runner (SIGTERM) or its Slurm jobs (scancel); running cells are recorded as interrupted.");
        return OnDirectory(command, (result, layout, spec) =>
        {
            var local = new LocalRunner(layout, spec, KernelCommand.Current(), 1);
            bool any = false;
            if (local.Cancel())
            {
                Console.WriteLine("sent SIGTERM to the local runner; its running cells resume on the next kernel sweep run");
                any = true;
            }

            var backend = new SlurmBackend(layout, spec, KernelCommand.Current());
            if (backend.Jobs().Count > 0)
            {
                IReadOnlyList<string> cancelled = backend.Cancel();
                Console.WriteLine(cancelled.Count == 0 ? "no Slurm job of this sweep is in the queue" : $"cancelled Slurm jobs {string.Join(", ", cancelled)}");
                any = true;
            }

            if (!any)
            {
                Console.WriteLine("nothing is running this sweep.");
            }

            return 0;
        });
    }

    private static Command CellCommand()
    {
        var index = new Option<int>("--index") { Description = "The cell's index (the Slurm array task id).", Required = true };
        var command = new Command("cell", "Run one cell of a sweep (what each Slurm array task runs).") { index };
        return OnDirectory(command, (result, layout, spec) =>
        {
            int i = result.GetValue(index);
            if (i < 0 || i >= spec.Cells.Count)
            {
                throw new ArgumentException($"index = {i}: must be in [0, {spec.Cells.Count - 1}].", "index");
            }

            int threads = int.TryParse(Environment.GetEnvironmentVariable("SLURM_CPUS_PER_TASK"), NumberStyles.None, CultureInfo.InvariantCulture, out int cpus) && cpus > 0 ? cpus : 1;
            using var interruption = new Interruption();
            CellStatus status = new CellExecutor(layout, spec, KernelCommand.Current(), threads).RunAsync(spec.Cells[i], interruption.Token).GetAwaiter().GetResult();
            Console.WriteLine($"{status.Id}: {status.State.ToString().ToLowerInvariant()} (exit {status.ExitCode})");
            return status.State switch
            {
                CellState.Finished or CellState.Exploded => 0,
                CellState.Interrupted => 130,
                _ => 1,
            };
        });
    }

    private static int Summarize(IReadOnlyList<CellStatus> statuses, bool interrupted, SweepLayout layout)
    {
        int failed = statuses.Count(status => status.State == CellState.Failed);
        int exploded = statuses.Count(status => status.State == CellState.Exploded);
        int done = statuses.Count(status => status.Done);
        Console.WriteLine($"{done} of {statuses.Count} cells done ({exploded} exploded), {failed} failed{(interrupted ? ", interrupted" : string.Empty)}; kernel sweep collect {layout.Directory} makes the table");
        foreach (CellStatus status in statuses.Where(status => status.State == CellState.Failed))
        {
            Console.Error.WriteLine($"{Prefix}cell {status.Id} failed (exit {status.ExitCode}); its last lines:");
            Console.Error.WriteLine(status.Message);
        }

        return interrupted ? 130 : failed > 0 || done < statuses.Count ? 1 : 0;
    }

    /// <summary>Runs a command body, turning bad input into one line and exit 2, and Slurm failures into exit 1.</summary>
    internal static int Guard(string prefix, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
        {
            Console.Error.WriteLine($"{prefix}{UsageError.Describe(e)}");
            return 2;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"{prefix}{UsageError.Describe(e)}");
            return 1;
        }
    }
}
