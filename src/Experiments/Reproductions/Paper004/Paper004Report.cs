using System.Globalization;
using System.Text;
using Kernel.Algorithms.Training;
using Kernel.Experiments.Sweeps;
using Kernel.Plots;

namespace Kernel.Experiments.Reproductions.Paper004;

/// <summary>
/// The report pieces paper 004's experiments share: per-run final and area-under-curve evaluation returns (from
/// eval.csv), curves of the evaluation return (mean ± std over seeds, Figure 4) and of the mean KL (log scale,
/// Figure 5), the ranking table with 95% intervals, the throughput table (timing.csv) and the deviations section.
/// </summary>
public static class Paper004Report
{
    /// <summary>The evaluation returns of a run: (env steps, eval_return_mean) per evaluation, in order (empty when none).</summary>
    public static (double[] Steps, double[] Returns) Evaluations(ExperimentData data, SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(data);
        RunMetrics eval = RunMetrics.Read(data.Layout.CellDirectory(cell), PeriodicEvaluation.FileName);
        double[] steps = eval.Column("step");
        double[] returns = eval.Column("eval_return_mean");
        int[] rows = [.. Enumerable.Range(0, eval.RowCount).Where(row => double.IsFinite(steps[row]) && double.IsFinite(returns[row]))];
        return ([.. rows.Select(row => steps[row])], [.. rows.Select(row => returns[row])]);
    }

    /// <summary>The run's final return: its last evaluation's mean return (NaN without evaluations).</summary>
    public static double FinalReturn(ExperimentData data, SweepCell cell)
    {
        double[] returns = Evaluations(data, cell).Returns;
        return returns.Length == 0 ? double.NaN : returns[^1];
    }

    /// <summary>
    /// The run's area under its evaluation curve, per environment step: the trapezoid integral of the evaluation
    /// return over steps divided by the steps it spans (the average return over training; a faster learner scores
    /// higher at the same final return). A single evaluation is its own value; none gives NaN.
    /// </summary>
    public static double AreaUnderCurve(ExperimentData data, SweepCell cell)
    {
        (double[] steps, double[] returns) = Evaluations(data, cell);
        if (steps.Length < 2)
        {
            return returns.Length == 0 ? double.NaN : returns[0];
        }

        double area = 0;
        for (int i = 1; i < steps.Length; i++)
        {
            area += (steps[i] - steps[i - 1]) * (returns[i] + returns[i - 1]) / 2;
        }

        return area / (steps[^1] - steps[0]);
    }

    /// <summary>
    /// Draws one line per group of cells (e.g. per algorithm): the mean over the group's runs of the evaluation
    /// return at each step, with a band of ± one population std (Figure 4). Returns false when no run has an evaluation.
    /// </summary>
    public static bool ReturnCurves(ExperimentData data, IEnumerable<IGrouping<string, SweepCell>> groups, string title, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(groups);
        var series = new List<BandSeries>();
        foreach (IGrouping<string, SweepCell> group in groups)
        {
            var byStep = new SortedDictionary<double, List<double>>();
            foreach (SweepCell cell in group)
            {
                (double[] steps, double[] returns) = Evaluations(data, cell);
                for (int i = 0; i < steps.Length; i++)
                {
                    (byStep.TryGetValue(steps[i], out List<double>? values) ? values : byStep[steps[i]] = []).Add(returns[i]);
                }
            }

            if (byStep.Count > 0)
            {
                (double Mean, double Std, int Count)[] stats = [.. byStep.Values.Select(values => Series.MeanAndStd(values))];
                series.Add(new BandSeries($"{group.Key} (n = {group.Count()})", [.. byStep.Keys], [.. stats.Select(s => s.Mean)], [.. stats.Select(s => s.Mean - s.Std)], [.. stats.Select(s => s.Mean + s.Std)]));
            }
        }

        if (series.Count == 0)
        {
            return false;
        }

        BandPlot.Write(series, title, "environment steps", "evaluation return (mode, mean ± std over seeds)", logY: false, pngPath);
        return true;
    }

    /// <summary>
    /// Draws one line per group: the mean over the group's runs of kl_mean at each step, on a log scale, with a band
    /// from the smallest to the largest run (a ± std band has no logarithm where it crosses 0; Figure 5). Returns false
    /// when no run has a positive kl_mean.
    /// </summary>
    public static bool KlCurves(ExperimentData data, IEnumerable<IGrouping<string, SweepCell>> groups, string title, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(groups);
        var series = new List<BandSeries>();
        foreach (IGrouping<string, SweepCell> group in groups)
        {
            var byStep = new SortedDictionary<double, List<double>>();
            foreach (SweepCell cell in group)
            {
                RunMetrics metrics = data.Metrics(cell);
                double[] steps = metrics.Column("step");
                double[] kl = metrics.Column("kl_mean");
                for (int i = 0; i < steps.Length; i++)
                {
                    if (double.IsFinite(steps[i]) && double.IsFinite(kl[i]) && kl[i] > 0)
                    {
                        (byStep.TryGetValue(steps[i], out List<double>? values) ? values : byStep[steps[i]] = []).Add(kl[i]);
                    }
                }
            }

            if (byStep.Count > 0)
            {
                series.Add(new BandSeries($"{group.Key} (n = {group.Count()})", [.. byStep.Keys], [.. byStep.Values.Select(values => values.Average())], [.. byStep.Values.Select(values => values.Min())], [.. byStep.Values.Select(values => values.Max())]));
            }
        }

        if (series.Count == 0)
        {
            return false;
        }

        BandPlot.Write(series, title, "environment steps", "kl_mean (mean over seeds, band min-max)", logY: true, pngPath);
        return true;
    }

    /// <summary>The kl_mean values of the runs' updates after the first <paramref name="skipShare"/> of each run's updates ("after some initial movement").</summary>
    public static double[] SettledKl(ExperimentData data, IEnumerable<SweepCell> cells, double skipShare = 0.1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cells);
        return
        [
            .. cells.SelectMany(cell =>
            {
                double[] kl = data.Metrics(cell).Column("kl_mean");
                return kl.Skip((int)Math.Floor(skipShare * kl.Length)).Where(value => double.IsFinite(value) && value > 0);
            }),
        ];
    }

    /// <summary>The largest finite kl_mean of a run (NaN when none): how far its policy jumped in its worst update.</summary>
    public static double LargestKl(ExperimentData data, SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Series.Max(data.Metrics(cell).Column("kl_mean"));
    }

    /// <summary>
    /// Whether a run's return collapsed: its last evaluation return is below its best by more than half of what it
    /// had gained from its first evaluation to its best (004 B.2, B.3's "collapse of the policy"); false with fewer than
    /// three evaluations or no gain.
    /// </summary>
    public static bool Collapsed(ExperimentData data, SweepCell cell)
    {
        double[] returns = Evaluations(data, cell).Returns;
        if (returns.Length < 3)
        {
            return false;
        }

        double best = returns.Max();
        return best > returns[0] && returns[^1] < best - ((best - returns[0]) / 2);
    }

    /// <summary>"mean [lower, upper]" of a 95% interval (<see cref="MeanInterval"/>), "—" when empty.</summary>
    public static string Interval(IEnumerable<double> values)
    {
        MeanInterval interval = MeanInterval.Of(values);
        return interval.Count == 0 ? "—" : $"{ReportWriter.Number(interval.Mean)} [{ReportWriter.Number(interval.Lower)}, {ReportWriter.Number(interval.Upper)}]";
    }

    /// <summary>
    /// Per task, the algorithms ranked by mean final return, with the final return and area under the curve (mean and
    /// 95% interval over seeds) and the rank by area.
    /// </summary>
    /// <param name="data">The finished sweep.</param>
    /// <param name="envs">The tasks, in table order.</param>
    /// <param name="labels">The variants ranked (e.g. algorithm names).</param>
    /// <param name="runs">The cells of a task and variant.</param>
    /// <param name="display">How a variant is written in the table.</param>
    public static string RankingTable(ExperimentData data, IReadOnlyList<string> envs, IReadOnlyList<string> labels, Func<string, string, SweepCell[]> runs, Func<string, string> display)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(display);
        var text = new StringBuilder();
        text.AppendLine("| task | rank (final) | algorithm | runs | final return, mean [95% interval] | area under curve, mean [95% interval] | rank (area) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (string env in envs)
        {
            var rows = labels.Select(label => (Label: label, Cells: runs(env, label))).Where(row => row.Cells.Length > 0)
                .Select(row => (row.Label, row.Cells.Length, Final: row.Cells.Select(cell => FinalReturn(data, cell)).ToArray(), Area: row.Cells.Select(cell => AreaUnderCurve(data, cell)).ToArray()))
                .ToArray();
            string[] byArea = [.. rows.OrderByDescending(row => Mean(row.Area)).Select(row => row.Label)];
            int rank = 0;
            foreach (var row in rows.OrderByDescending(row => Mean(row.Final)))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {env} | {++rank} | {display(row.Label)} | {row.Length} | {Interval(row.Final)} | {Interval(row.Area)} | {Array.IndexOf(byArea, row.Label) + 1} |");
            }
        }

        text.AppendLine();
        text.AppendLine("Final return: the mean return of a run's last evaluation (eval_episodes episodes with the mode, separate env copy). Area under curve: the trapezoid integral of a run's evaluation returns over environment steps divided by the steps spanned (its average return over training). Intervals: mean ± t(0.975, n - 1) s / sqrt(n) over seeds.");
        return text.ToString();
    }

    /// <summary>
    /// The throughput table: per group of runs, the mean seconds per update spent stepping envs, in inference while
    /// collecting, in the rest of collection, in the update and in evaluation, and training env steps per second
    /// (collection and update; evaluation left out), from every update of timing.csv.
    /// </summary>
    public static string ThroughputTable(ExperimentData data, IEnumerable<IGrouping<string, SweepCell>> groups)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(groups);
        var text = new StringBuilder();
        text.AppendLine("| runs | updates | steps per update | env s | inference s | other collection s | update s | eval s | env steps/s (training) | env steps/s (with eval) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (IGrouping<string, SweepCell> group in groups)
        {
            var rows = new List<double[]>();
            foreach (SweepCell cell in group)
            {
                RunMetrics timing = RunMetrics.Read(data.Layout.CellDirectory(cell), UpdateTiming.FileName);
                double[] step = timing.Column("step");
                for (int i = 0; i < timing.RowCount; i++)
                {
                    double previous = i == 0 ? 0 : step[i - 1];
                    rows.Add([step[i] - previous, timing.Column("env_seconds")[i], timing.Column("inference_seconds")[i], timing.Column("collect_seconds")[i], timing.Column("update_seconds")[i], timing.Column("eval_seconds")[i]]);
                }
            }

            if (rows.Count == 0)
            {
                continue;
            }

            double Average(int column) => rows.Average(row => row[column]);
            double steps = rows.Sum(row => row[0]);
            double training = rows.Sum(row => row[3] + row[4]);
            double all = training + rows.Sum(row => row[5]);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {rows.Count} | {ReportWriter.Number(Average(0))} | {Average(1):F3} | {Average(2):F3} | {Average(3) - Average(1) - Average(2):F3} | {Average(4):F3} | {Average(5):F3} | {ReportWriter.Number(steps / training)} | {ReportWriter.Number(steps / all)} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Seconds are means per update over every update of every run (timing.csv), measured with {Environment.ProcessorCount} cores shared by the sweep's jobs (and whatever else ran on the machine): \"other collection\" is observation normalisation, reward scaling and buffer copies; \"update\" is GAE, the algorithm's update and the diagnostics. Env steps/s (training) = steps / (collection + update).");
        return text.ToString();
    }

    /// <summary>The deviations section: the ones every 004 experiment shares, then the experiment's own.</summary>
    public static (string Heading, string Markdown) Deviations(params string[] own) =>
        ("Deviations from the paper's settings", string.Join('\n', Paper004Settings.CommonDeviations.Concat(own).Select(line => $"- {line}")));

    private static double Mean(IEnumerable<double> values) => Series.MeanAndStd(values).Mean is var mean && double.IsFinite(mean) ? mean : double.NegativeInfinity;
}
