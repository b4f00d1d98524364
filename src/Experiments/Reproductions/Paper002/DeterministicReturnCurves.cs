using Kernel.Experiments.Sweeps;
using Kernel.Plots;

namespace Kernel.Experiments.Reproductions.Paper002;

/// <summary>
/// The training curves of paper 002's figures: J(theta_k), the deterministic controller's return (metrics.csv's
/// deterministic_return, whose row k + 1 holds J(theta_k)), per epoch k, mean ± std over a group's seeds.
/// </summary>
public static class DeterministicReturnCurves
{
    /// <summary>The metric that holds J(theta_(k-1)) in row k.</summary>
    public const string Metric = "deterministic_return";

    /// <summary>J(theta_0), J(theta_1), ... of a run (empty when it wrote no metrics).</summary>
    public static double[] Of(ExperimentData data, SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Metrics(cell).Column(Metric);
    }

    /// <summary>Draws one line per group (mean ± std over its runs at each epoch) into <paramref name="pngPath"/>; false when no run has a row.</summary>
    public static bool Draw(ExperimentData data, IEnumerable<IGrouping<string, SweepCell>> groups, string title, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var series = new List<BandSeries>();
        foreach (IGrouping<string, SweepCell> group in groups)
        {
            double[][] runs = [.. group.Select(cell => Of(data, cell)).Where(run => run.Length > 0)];
            if (runs.Length == 0)
            {
                continue;
            }

            int epochs = runs.Max(run => run.Length);
            (double Mean, double Std, int Count)[] stats = [.. Enumerable.Range(0, epochs).Select(k => Series.MeanAndStd(runs.Where(run => k < run.Length).Select(run => run[k])))];
            series.Add(new BandSeries(
                $"{group.Key} (n = {runs.Length})",
                [.. Enumerable.Range(0, epochs).Select(k => (double)k)],
                [.. stats.Select(s => s.Mean)],
                [.. stats.Select(s => s.Mean - s.Std)],
                [.. stats.Select(s => s.Mean + s.Std)]));
        }

        if (series.Count == 0)
        {
            return false;
        }

        BandPlot.Write(series, title, "epoch k", "J(theta_k), deterministic controller (mean ± std over seeds)", logY: false, pngPath);
        return true;
    }

    /// <summary>Copies a landscape cell's PNG into the figures folder as <paramref name="name"/>; false when the cell wrote none.</summary>
    public static bool CopyFigure(ExperimentData data, SweepCell cell, string file, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        string source = Path.Combine(data.Layout.CellDirectory(cell), file);
        if (!File.Exists(source))
        {
            return false;
        }

        Directory.CreateDirectory(data.FiguresDirectory);
        File.Copy(source, Path.Combine(data.FiguresDirectory, name), overwrite: true);
        return true;
    }
}
