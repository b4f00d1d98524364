using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper000;

/// <summary>
/// Seed paper 000, section 4 (Figure 2) and appendix B (Figure 6), on Humanoid-v4: PPO with Table 3's settings and
/// A.3's softplus + 0.1 std overflows in all five seeds; the largest ratio after clipping takes exponentially large
/// values when it does, and the smallest std is not small then. Run also with a log-std policy (no floor) and in
/// fp16, fp32 and fp64. No mean shift: this is the unprovoked failure.
/// </summary>
public sealed class Fig2Fig6ExplosionExperiment : IExperiment
{
    /// <summary>"Exponentially large": a largest ratio after clipping of at least 10^10 in the run.</summary>
    public const double LargeRatioDecades = 10;

    /// <summary>"Not small": the smallest std in the update before the explosion at least twice A.3's floor c0 = 0.1.</summary>
    public const double NotSmallStd = 0.2;

    private const int QuickUpdates = 115;
    private const int QuickOtherPrecisionUpdates = 20;
    private const int PaperUpdates = 1000;
    private const int PaperSeeds = 5;

    /// <inheritdoc />
    public string Id => "000-fig2-fig6";

    /// <inheritdoc />
    public string Paper => "000";

    /// <inheritdoc />
    public string Target => "section 4, Figure 2 and appendix B, Figure 6 (Humanoid-v4)";

    /// <inheritdoc />
    public string Claim => "PPO with Table 3's settings overflows on Humanoid-v4 in all 5 seeds; the largest ratio after clipping is exponentially large when it does, and the smallest std is not small.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        string[] stds = ["softplus-offset", "log-std"];
        var include = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        (int updates, string hidden, SweepAxis[] axes, string description) = budget switch
        {
            Budget.Smoke => (1, "64,64", (SweepAxis[])[new SweepAxis("std", ["softplus-offset"]), new SweepAxis("precision", ["fp32"]), new SweepAxis("seed", ["1"])], "1 update, seed 1, fp32, softplus + 0.1, a [64, 64] policy: the pipeline only."),
            Budget.Quick => (QuickUpdates, "1024,1024", [new SweepAxis("std", stds), new SweepAxis("precision", ["fp32"]), new SweepAxis("seed", ["1"])], $"{QuickUpdates} updates ({QuickUpdates}k steps) or until the explosion, seed 1, fp32 for both std parameterisations, and fp16/fp64 for softplus + 0.1 with {QuickOtherPrecisionUpdates} updates."),
            _ => (PaperUpdates, "1024,1024", [new SweepAxis("std", stds), new SweepAxis("precision", [.. Paper000Settings.Precisions]), new SweepAxis("seed", Paper000Settings.Seeds(PaperSeeds))], $"{PaperUpdates} updates ({PaperUpdates / 1000}M steps; ours, the paper does not give its length) or until the explosion, seeds 1-{PaperSeeds}, both std parameterisations, fp16/fp32/fp64, a checkpoint every 50 updates so an interrupted cell resumes."),
        };
        if (budget == Budget.Quick)
        {
            string steps = (QuickOtherPrecisionUpdates * Paper000Settings.Horizon).ToString(CultureInfo.InvariantCulture);
            include.Add([new("std", "softplus-offset"), new("precision", "fp16"), new("seed", "1"), new("steps", steps)]);
            include.Add([new("std", "softplus-offset"), new("precision", "fp64"), new("seed", "1"), new("steps", steps)]);
        }

        List<KeyValuePair<string, string>> options = Paper000Settings.Ppo(updates * (long)Paper000Settings.Horizon);
        options.RemoveAll(option => option.Key == "std");
        options.AddRange([new("env", "Humanoid-v4"), new("algo", "ppo"), new("policy-hidden", hidden)]);
        if (budget == Budget.Paper)
        {
            options = Paper000Settings.With(options, new KeyValuePair<string, string>("checkpoint-every", "50"));
        }

        return new ExperimentPlan(new SweepSpec($"{Id}-{budget.ToString().ToLowerInvariant()}", options, axes, include: include), description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => Paper000Timing.CellSeconds(cell);

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        static string Variant(SweepCell cell) => cell.Get("std") == "log-std" ? "log-std" : "softplus + 0.1";
        SweepCell[] main = [.. data.Where(("std", "softplus-offset"), ("precision", "fp32"))];
        SweepCell[] exploded = [.. main.Where(cell => data.Summary(cell).Exploded)];
        string[] monitors = [.. exploded.Select(cell => Paper000Report.MonitorFirstOp(data, cell) ?? "none")];
        int byRatio = monitors.Count(op => op.Contains("ratio", StringComparison.Ordinal));
        double[] largest = [.. main.Select(cell => Series.Max(data.Metrics(cell).Column("ratio_log10_max_clipped")))];
        double[] stdBefore = [.. exploded.Select(cell => StdBefore(data, cell))];
        var claims = new List<ClaimCheck>
        {
            new(
                "PPO overflows in every seed.",
                "all 5 seeds fail by arithmetic overflow (000 section 4, Figure 2)",
                $"fp32 softplus runs exploded: {exploded.Length}/{main.Length} (updates {Paper000Report.Range([.. exploded.Select(cell => data.Summary(cell).ExplodedUpdate ?? 0).Order()])}); the monitor named the ratio first in {byRatio}/{exploded.Length}: {Paper000Report.Count(monitors.Select(op => $"`{op}`"))}",
                ClaimCheck.Judge(main.Length > 0 && exploded.Length == main.Length && byRatio == exploded.Length, exploded.Length > 0),
                "reproduced: every fp32 softplus + 0.1 run explodes within the budget and the numerics monitor's first anomaly is an op labelled with \"ratio\"; partly: at least one explodes"),
            new(
                "When it explodes, the largest ratio after clipping is exponentially large.",
                "max_t log10 ratio after clipping takes excessively large values (000 Figure 2)",
                $"largest ratio_log10_max_clipped per fp32 softplus run: {string.Join(", ", largest.Select(ReportWriter.Number))}",
                ClaimCheck.Judge(exploded.Length > 0 && exploded.All(cell => Series.Max(data.Metrics(cell).Column("ratio_log10_max_clipped")) >= LargeRatioDecades), largest.Any(value => value >= LargeRatioDecades)),
                $"reproduced: every exploded fp32 softplus run has an update with ratio_log10_max_clipped >= {LargeRatioDecades:0} (the overflowing update counts with its fp64 log-ratio); partly: some run reaches it"),
            new(
                "The smallest std is not small when the gradient explodes.",
                "the gradient explodes before the stds become small (000 Figure 6)",
                $"std_min in the update before the explosion, exploded fp32 softplus runs: {(stdBefore.Length == 0 ? "none exploded" : string.Join(", ", stdBefore.Select(ReportWriter.Number)))}",
                ClaimCheck.Judge(stdBefore.Length > 0 && stdBefore.All(std => std >= NotSmallStd), stdBefore.Any(std => std >= NotSmallStd)),
                $"reproduced: in every exploded fp32 softplus run std_min in the last update before the explosion is >= {NotSmallStd} (twice A.3's floor); partly: in some"),
        };

        var table = new StringBuilder();
        table.AppendLine("| std | precision | seed | updates | exploded at update | what | largest log10 ratio after clipping | std_min before | largest mean_outside_box | final return |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (SweepCell cell in data.Plan.Sweep.Cells)
        {
            CellSummary summary = data.Summary(cell);
            RunMetrics metrics = data.Metrics(cell);
            table.AppendLine(CultureInfo.InvariantCulture, $"| {Variant(cell)} | {cell.Get("precision")} | {cell.Get("seed")} | {summary.Updates} | {(summary.ExplodedUpdate is int u ? u.ToString(CultureInfo.InvariantCulture) : "—")} | {summary.ExplodedAt ?? "—"} | {ReportWriter.Number(Series.Max(metrics.Column("ratio_log10_max_clipped")))} | {ReportWriter.Number(StdBefore(data, cell))} | {ReportWriter.Number(Series.Max(metrics.Column("mean_outside_box")))} | {ReportWriter.Number(summary.FinalReturn)} |");
        }

        var figures = new List<(string, string)>();
        foreach (string std in data.Plan.Sweep.Cells.Select(cell => cell.Get("std")!).Distinct())
        {
            SweepCell[] cells = [.. data.Where(("std", std), ("precision", "fp32"))];
            foreach ((string column, bool logY, string what, string figure) in new[] { ("ratio_log10_max_clipped", false, "max log10 ratio after clipping", "Figure 2"), ("std_min", true, "smallest std", "Figure 6"), ("mean_outside_box", false, "largest distance of the mean from the box", "ours") })
            {
                string file = $"{column}-{std}-fp32.png";
                if (Paper000Report.RunLines(data, cells, cell => $"seed {cell.Get("seed")}", RunMetrics.FileName, "step", column, logY, $"{std}, fp32: {what} per update ({figure})", "environment steps", Path.Combine(data.FiguresDirectory, file)))
                {
                    figures.Add(($"{figure}: {what} per update, {std}, fp32, one line per seed", $"figures/{file}"));
                }
            }
        }

        return new ExperimentReport(
            claims,
            [
                ("Per run", table.ToString() + "\n\"std_min before\" is the smallest std in the last update before the explosion (the last update for a run that did not explode); \"final return\" is the mean return of the last 10 updates."),
                ("Overflow per precision", Paper000Report.PrecisionTable(data, data.Plan.Sweep.Cells, Variant)),
                Paper000Report.Deviations(
                    "The length of a run is ours (the paper's Figure 2 ends at each run's explosion and does not say how long the runs were planned); a run that has not exploded by the end of the budget counts as not exploded.",
                    "The log-std variant (no floor) and the fp16/fp64 runs are ours."),
            ],
            figures);
    }

    /// <summary>std_min of the last update before the explosion, or of the last update for a run that did not explode.</summary>
    private static double StdBefore(ExperimentData data, SweepCell cell)
    {
        RunMetrics metrics = data.Metrics(cell);
        double[] std = metrics.Column("std_min");
        double[] update = metrics.Column("update");
        int? exploded = data.Summary(cell).ExplodedUpdate;
        int row = exploded is int u ? Array.FindLastIndex(update, value => value < u) : metrics.RowCount - 1;
        return row < 0 ? double.NaN : std[row];
    }
}
