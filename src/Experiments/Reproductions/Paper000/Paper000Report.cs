using System.Globalization;
using System.Text;
using System.Text.Json;
using Kernel.Experiments.Sweeps;
using Kernel.Plots;

namespace Kernel.Experiments.Reproductions.Paper000;

/// <summary>
/// The report pieces paper 000's experiments share: what the numerics monitor named, the per-precision overflow table
/// with the fp64 log-ratio headroom warning (issue 17 item 7), per-run line figures and the deviations section.
/// </summary>
public static class Paper000Report
{
    /// <summary>
    /// The headroom warning: an update whose largest log10 ratio (from fp64 log-ratios, before clipping) is past half of
    /// the format's decades (fp16 2.4, fp32 19.3, fp64 154) warns that exp(log-ratio) is heading for the format's max.
    /// </summary>
    public const double WarningShare = 0.5;

    /// <summary>log10 of the largest finite value of a precision named as on the command line.</summary>
    public static double MaxDecades(string precision) => precision switch
    {
        "fp16" => Math.Log10(65504),
        "fp32" => Math.Log10(float.MaxValue),
        _ => Math.Log10(double.MaxValue),
    };

    /// <summary>The first line of what the numerics monitor wrote to the cell's numerics.json (e.g. <c>exp("ratio") = 1.0E+40 &gt; fp32 max ...</c>), or null.</summary>
    public static string? MonitorFirstLine(ExperimentData data, SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(data);
        string path = Path.Combine(data.Layout.CellDirectory(cell), "numerics.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(path));
        return report.RootElement.TryGetProperty("monitor", out JsonElement monitor) && monitor.ValueKind == JsonValueKind.String
            ? monitor.GetString()!.Split('\n')[0]
            : null;
    }

    /// <summary>The op the monitor named first, without the value (e.g. <c>exp("ratio")</c>), or null.</summary>
    public static string? MonitorFirstOp(ExperimentData data, SweepCell cell) => MonitorFirstLine(data, cell)?.Split(" = ")[0];

    /// <summary>
    /// For one run: the first update whose ratio_log10_max passed the warning level of its precision, or null when none
    /// did (see <see cref="WarningShare"/>).
    /// </summary>
    public static int? HeadroomWarningUpdate(RunMetrics metrics, string precision)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        double level = WarningShare * MaxDecades(precision);
        double[] ratio = metrics.Column("ratio_log10_max");
        double[] update = metrics.Column("update");
        int row = Array.FindIndex(ratio, value => double.IsFinite(value) && value > level);
        return row < 0 ? null : (int)update[row];
    }

    /// <summary>
    /// The markdown table of issue 17 item 7: per group of cells (a variant) and precision, how many exploded and at
    /// which update, what became non-finite first, what the numerics monitor named (op, label, value, fp64 value), the
    /// headroom left in the last update before the explosion and whether the headroom warning came first and by how
    /// many updates.
    /// </summary>
    public static string PrecisionTable(ExperimentData data, IEnumerable<SweepCell> cells, Func<SweepCell, string> variant)
    {
        ArgumentNullException.ThrowIfNull(data);
        var text = new StringBuilder();
        text.AppendLine("| variant | precision | exploded | update of explosion | first non-finite | monitor's first anomaly | headroom before (decades) | warned first | updates of warning |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var group in cells.GroupBy(cell => (Variant: variant(cell), Precision: cell.Get("precision")!)).OrderBy(group => group.Key.Variant, StringComparer.Ordinal).ThenBy(group => group.Key.Precision, StringComparer.Ordinal))
        {
            SweepCell[] runs = [.. group];
            SweepCell[] exploded = [.. runs.Where(cell => data.Summary(cell).Exploded)];
            int[] updates = [.. exploded.Select(cell => data.Summary(cell).ExplodedUpdate ?? 0).Order()];
            var headroom = new List<double>();
            int warned = 0;
            var ahead = new List<int>();
            foreach (SweepCell cell in exploded)
            {
                RunMetrics metrics = data.Metrics(cell);
                int explodedUpdate = data.Summary(cell).ExplodedUpdate ?? 0;
                double[] ratio = metrics.Column("ratio_log10_max");
                double[] update = metrics.Column("update");
                int before = Array.FindLastIndex(update, value => value < explodedUpdate);
                if (before >= 0 && double.IsFinite(ratio[before]))
                {
                    headroom.Add(MaxDecades(group.Key.Precision) - ratio[before]);
                }

                if (HeadroomWarningUpdate(metrics, group.Key.Precision) is int warning && warning < explodedUpdate)
                {
                    warned++;
                    ahead.Add(explodedUpdate - warning);
                }
            }

            string monitors = Count(exploded.Select(cell => MonitorFirstLine(data, cell) ?? "none written").Select(line => $"`{line}`"));
            string failures = Count(exploded.Select(cell => data.Summary(cell).ExplodedAt ?? "?"));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Variant} | {group.Key.Precision} | {exploded.Length}/{runs.Length} | {Range(updates)} | {failures} | {monitors} | {(headroom.Count == 0 ? "—" : string.Join(", ", headroom.Select(ReportWriter.Number)))} | {(exploded.Length == 0 ? "—" : $"{warned}/{exploded.Length}")} | {(ahead.Count == 0 ? "—" : string.Join(", ", ahead))} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"\"headroom before\" is log10(format max) - ratio_log10_max in the last update before the explosion (ratio_log10_max from fp64 log-ratios, before clipping); \"warned first\" counts the exploded runs in which an earlier update had ratio_log10_max above {WarningShare:0.#} x log10(format max) (fp16 {WarningShare * MaxDecades("fp16"):F1}, fp32 {WarningShare * MaxDecades("fp32"):F1}, fp64 {WarningShare * MaxDecades("fp64"):F0} decades), and \"updates of warning\" how many updates before the explosion that happened. The monitor's line is the first non-finite value it found when the trainer replayed the failing minibatch, with its fp64 value.");
        return text.ToString();
    }

    /// <summary>
    /// Draws one line per cell (no averaging) of <paramref name="column"/> against <paramref name="x"/> from each cell's
    /// <paramref name="file"/> (metrics.csv or steps.csv); returns false when no cell has a finite value to draw.
    /// </summary>
    public static bool RunLines(ExperimentData data, IEnumerable<SweepCell> cells, Func<SweepCell, string> label, string file, string x, string column, bool logY, string title, string xLabel, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(data);
        var series = new List<BandSeries>();
        foreach (SweepCell cell in cells)
        {
            RunMetrics metrics = RunMetrics.Read(data.Layout.CellDirectory(cell), file);
            double[] xs = metrics.Column(x);
            double[] ys = metrics.Column(column);
            int[] rows = [.. Enumerable.Range(0, metrics.RowCount).Where(row => double.IsFinite(xs[row]) && double.IsFinite(ys[row]) && (!logY || ys[row] > 0))];
            if (rows.Length > 0)
            {
                double[] values = [.. rows.Select(row => ys[row])];
                series.Add(new BandSeries(label(cell), [.. rows.Select(row => xs[row])], values, values, values));
            }
        }

        if (series.Count == 0)
        {
            return false;
        }

        BandPlot.Write(series, title, xLabel, column, logY, pngPath);
        return true;
    }

    /// <summary>"a", "a–b" or "—" for a sorted list of update numbers.</summary>
    public static string Range(IReadOnlyList<int> sorted) => sorted.Count == 0 ? "—" : sorted[0] == sorted[^1] ? $"{sorted[0]}" : $"{sorted[0]}–{sorted[^1]}";

    /// <summary>Items counted and joined, most frequent first ("x ×3; y ×1"), or "—".</summary>
    public static string Count(IEnumerable<string> items)
    {
        string text = string.Join("; ", items.GroupBy(item => item).OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Key} ×{group.Count()}"));
        return text.Length == 0 ? "—" : text;
    }

    /// <summary>The deviations section: the ones every 000 MuJoCo experiment shares, then the experiment's own.</summary>
    public static (string Heading, string Markdown) Deviations(params string[] own) =>
        ("Deviations from the paper's settings", string.Join('\n', Paper000Settings.CommonDeviations.Concat(own).Select(line => $"- {line}")));

    /// <summary>The final returns (<see cref="CellSummary.FinalReturn"/>) of the cells that finished without exploding (Table 6's "successful runs").</summary>
    public static double[] FinishedFinalReturns(ExperimentData data, IEnumerable<SweepCell> cells)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [.. cells.Select(data.Summary).Where(summary => summary.State == CellState.Finished && !summary.Exploded).Select(summary => summary.FinalReturn)];
    }

    /// <summary>The share of the cells whose run exploded (NaN for no cells).</summary>
    public static double ExplosionRate(ExperimentData data, IReadOnlyCollection<SweepCell> cells)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cells);
        return cells.Count == 0 ? double.NaN : (double)cells.Count(cell => data.Summary(cell).Exploded) / cells.Count;
    }

    /// <summary>The return_mean of the cell's first update with one (NaN when none): where a run starts from.</summary>
    public static double FirstReturn(ExperimentData data, SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Metrics(cell).Column("return_mean").Where(double.IsFinite).DefaultIfEmpty(double.NaN).First();
    }
}
