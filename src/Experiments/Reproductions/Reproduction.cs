using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions;

/// <summary>
/// Runs a registered experiment at a budget and writes its report: the sweep in OUT/sweep (local or Slurm; rerunning
/// resumes it), the tidy table (OUT/sweep/summary.csv), figures in OUT/figures and OUT/report.md.
/// Thread-safety: one run per output directory at a time.
/// </summary>
public static class Reproduction
{
    /// <summary>
    /// Seconds a cell costs besides its updates (process start, JIT, config, plots): `kernel train --env Pendulum-v1`
    /// with 2048 and 8192 steps took 3.36/4.06 s and 5.40/6.29 s here (2026-12-07, load ~19 on 2 cores), so one
    /// update is 0.71 s and the rest 3.0 s (docs/sweeps.md).
    /// </summary>
    public const double CellOverheadSeconds = 3.0;

    /// <summary>Where a reproduction runs its cells.</summary>
    /// <param name="On">"local" or "slurm".</param>
    /// <param name="Jobs">Cells at a time locally.</param>
    /// <param name="Slurm">Resources for Slurm.</param>
    /// <param name="Kernel">How to start <c>kernel</c>.</param>
    public sealed record Runner(string On, int Jobs, SlurmOptions Slurm, KernelCommand Kernel);

    /// <summary>
    /// Runs the sweep of <paramref name="experiment"/> at <paramref name="budget"/> to the end and writes the report;
    /// returns the report's path, or null when the sweep was interrupted (rerun to resume).
    /// </summary>
    public static async Task<string?> RunAsync(IExperiment experiment, Budget budget, string outDirectory, Runner runner, IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        ExperimentPlan plan = experiment.Plan(budget);
        string root = Path.GetFullPath(outDirectory);
        SweepLayout layout = SweepLayout.At(Path.Combine(root, "sweep"));
        if (runner.On == "slurm")
        {
            var backend = new SlurmBackend(layout, plan.Sweep, runner.Kernel);
            backend.Submit(runner.Slurm);
            await backend.WaitAsync(TimeSpan.FromSeconds(2), progress, cancel).ConfigureAwait(false);
        }
        else
        {
            await new LocalRunner(layout, plan.Sweep, runner.Kernel, runner.Jobs).RunAsync(progress, cancel).ConfigureAwait(false);
        }

        if (cancel.IsCancellationRequested)
        {
            return null;
        }

        return WriteReport(experiment, budget, root, runner);
    }

    /// <summary>Collects the finished sweep under <paramref name="root"/> and writes report.md (also usable on its own to regenerate a report).</summary>
    public static string WriteReport(IExperiment experiment, Budget budget, string root, Runner runner)
    {
        ExperimentPlan plan = experiment.Plan(budget);
        SweepLayout layout = SweepLayout.At(Path.Combine(root, "sweep"));

        // The sweep's wall time from its cells' records, not this invocation's clock: a rerun that only rewrites the
        // report (every cell done) or resumes a sweep still reports the span in which the cells ran.
        CellStatus[] statuses = [.. plan.Sweep.Cells.Select(cell => CellStatus.Read(layout.CellStatusPath(cell), cell.Id))];
        DateTime[] starts = [.. statuses.Where(status => status.StartedUtc is not null).Select(status => status.StartedUtc!.Value)];
        DateTime[] ends = [.. statuses.Where(status => status.FinishedUtc is not null).Select(status => status.FinishedUtc!.Value)];
        TimeSpan elapsed = starts.Length == 0 || ends.Length == 0 ? TimeSpan.Zero : ends.Max() - starts.Min();
        IReadOnlyList<CellSummary> cells = SweepCollector.Summaries(layout, plan.Sweep);
        SweepCollector.WriteTable(layout, plan.Sweep, cells);
        var data = new ExperimentData(budget, plan, layout, cells, Path.Combine(root, "figures"));
        ExperimentReport report = experiment.Report(data);
        string path = Path.Combine(root, "report.md");
        File.WriteAllText(path, ReportWriter.Markdown(experiment, budget, plan, report, cells, elapsed, runner));
        return path;
    }
}
