using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Files;
using Kernel.Plots;

namespace Kernel.Experiments.Sweeps;

/// <summary>
/// Collects a sweep directory into one tidy table (one row per cell: its axis values and the summary of its run; CSV
/// and JSON) and grouped figures (for a metric: the mean over the cells of a group at each step, with the 95%
/// interval, one line per group). Reads only the cells' files.
/// Thread-safety: no state.
/// </summary>
public static class SweepCollector
{
    /// <summary>How many of the last updates <see cref="CellSummary.FinalReturn"/> averages.</summary>
    public const int FinalUpdates = 10;

    /// <summary>The table's columns after the axes, in order.</summary>
    public static readonly IReadOnlyList<string> SummaryColumns =
    [
        "cell", "state", "exit_code", "updates", "steps", "final_return", "best_return", "exploded", "exploded_update",
        "exploded_at", "ratio_log10_max", "kl_max", "wall_seconds",
    ];

    /// <summary>The summary of every cell of the sweep in <paramref name="layout"/>, in cell order.</summary>
    public static IReadOnlyList<CellSummary> Summaries(SweepLayout layout, SweepSpec spec) =>
        [.. spec.Cells.Select(cell => Summarize(cell, CellStatus.Read(layout.CellStatusPath(cell), cell.Id), layout.CellDirectory(cell)))];

    /// <summary>Summarises one cell from its status and run directory.</summary>
    public static CellSummary Summarize(SweepCell cell, CellStatus status, string runDirectory)
    {
        RunMetrics metrics = RunMetrics.Read(runDirectory);
        double[] returns = metrics.Column("return_mean");
        double[] exploded = metrics.Column("exploded");
        double[] updates = metrics.Column("update");
        string[] explodedAt = metrics.Text("exploded_at");
        int first = Array.FindIndex(exploded, value => value == 1);
        double[] tail = [.. returns.Skip(Math.Max(0, returns.Length - FinalUpdates)).Where(double.IsFinite)];
        double[] steps = metrics.Column("step");
        return new CellSummary(
            cell.Id,
            cell.Values,
            status.State,
            status.ExitCode,
            metrics.RowCount,
            steps.Length == 0 ? 0 : steps[^1],
            tail.Length == 0 ? double.NaN : tail.Average(),
            FiniteMax(returns),
            first >= 0,
            first >= 0 ? (int)updates[first] : null,
            first >= 0 && explodedAt[first].Length > 0 ? explodedAt[first] : null,
            FiniteMax(metrics.Column("ratio_log10_max")),
            FiniteMax(metrics.Column("kl_max")),
            status.WallSeconds);
    }

    /// <summary>Writes summary.csv and summary.json and returns their paths.</summary>
    public static (string Csv, string Json) WriteTable(SweepLayout layout, SweepSpec spec, IReadOnlyList<CellSummary> rows)
    {
        string[] axes = AxisNames(spec, rows);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', axes.Concat(SummaryColumns).Select(Quote)));
        var json = new JsonArray();
        foreach (CellSummary row in rows)
        {
            var fields = new List<(string Name, object? Value)>();
            fields.AddRange(axes.Select(axis => (axis, (object?)row.Get(axis))));
            fields.AddRange(
            [
                ("cell", row.Id), ("state", row.State.ToString().ToLowerInvariant()), ("exit_code", row.ExitCode), ("updates", row.Updates),
                ("steps", row.Steps), ("final_return", row.FinalReturn), ("best_return", row.BestReturn), ("exploded", row.Exploded),
                ("exploded_update", row.ExplodedUpdate), ("exploded_at", row.ExplodedAt), ("ratio_log10_max", row.RatioLog10Max),
                ("kl_max", row.KlMax), ("wall_seconds", Math.Round(row.WallSeconds, 3)),
            ]);
            csv.AppendLine(string.Join(',', fields.Select(field => Quote(CsvText(field.Value)))));
            var item = new JsonObject();
            foreach ((string name, object? value) in fields)
            {
                item[name] = value switch
                {
                    null => null,
                    double number when !double.IsFinite(number) => null,
                    double number => number,
                    int number => number,
                    bool flag => flag,
                    _ => value.ToString(),
                };
            }

            json.Add(item);
        }

        AtomicFile.WriteAllText(layout.SummaryCsvPath, csv.ToString());
        AtomicFile.WriteAllText(layout.SummaryJsonPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return (layout.SummaryCsvPath, layout.SummaryJsonPath);
    }

    /// <summary>
    /// Draws <paramref name="metric"/> against environment steps, one line per group of cells that share their values
    /// of every axis except <paramref name="over"/> (the runs averaged, by default the seeds): the mean over the
    /// group's cells with a finite value at that step and its 95% interval.
    /// </summary>
    /// <exception cref="ArgumentException">No cell has the metric, or <paramref name="over"/> is not an axis.</exception>
    public static void GroupedFigure(SweepLayout layout, SweepSpec spec, string metric, string pngPath, bool logY, string over = "seed", Func<SweepCell, bool>? filter = null, string? title = null)
    {
        if (!spec.Axes.Any(axis => axis.Name == over))
        {
            throw new ArgumentException($"over = {over}: not an axis of the sweep; the axes are {string.Join(", ", spec.Axes.Select(axis => axis.Name))}.", nameof(over));
        }

        var groups = spec.Cells.Where(cell => filter?.Invoke(cell) ?? true)
            .GroupBy(cell => string.Join(", ", cell.Values.Where(pair => pair.Key != over).Select(pair => $"{pair.Key} {pair.Value}")))
            .ToArray();
        var series = new List<BandSeries>();
        foreach (var group in groups)
        {
            var byStep = new SortedDictionary<double, List<double>>();
            foreach (SweepCell cell in group)
            {
                RunMetrics metrics = RunMetrics.Read(layout.CellDirectory(cell));
                if (!metrics.Contains(metric))
                {
                    continue;
                }

                double[] steps = metrics.Column("step");
                double[] values = metrics.Column(metric);
                for (int row = 0; row < steps.Length; row++)
                {
                    if (double.IsFinite(steps[row]))
                    {
                        if (!byStep.TryGetValue(steps[row], out List<double>? list))
                        {
                            byStep[steps[row]] = list = [];
                        }

                        list.Add(values[row]);
                    }
                }
            }

            MeanInterval[] intervals = [.. byStep.Values.Select(MeanInterval.Of)];
            string label = group.Key.Length == 0 ? "all cells" : group.Key;
            series.Add(new BandSeries($"{label} (n = {group.Count()})", [.. byStep.Keys], [.. intervals.Select(i => i.Mean)], [.. intervals.Select(i => i.Lower)], [.. intervals.Select(i => i.Upper)]));
        }

        if (series.All(line => line.Mean.All(value => !double.IsFinite(value))))
        {
            throw new ArgumentException($"metric = {metric}: no cell has a finite value of it to draw.", nameof(metric));
        }

        BandPlot.Write(series, title ?? $"{metric}: mean and 95% interval over {over}", "environment steps", metric, logY, pngPath);
    }

    /// <summary>The axis names in the table: the spec's axes, then extra options of included cells.</summary>
    private static string[] AxisNames(SweepSpec spec, IReadOnlyList<CellSummary> rows) =>
        [.. spec.Axes.Select(axis => axis.Name).Concat(rows.SelectMany(row => row.Values.Select(pair => pair.Key))).Distinct()];

    private static double FiniteMax(double[] values)
    {
        double max = double.NaN;
        foreach (double value in values)
        {
            if (double.IsFinite(value) && !(value <= max))
            {
                max = value;
            }
        }

        return max;
    }

    private static string CsvText(object? value) => value switch
    {
        null => string.Empty,
        double number when !double.IsFinite(number) => string.Empty,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => value.ToString() ?? string.Empty,
    };

    private static string Quote(string text) => text.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
