using Kernel.Plots;

namespace Kernel.Experiments.Reproductions.Paper001;

/// <summary>The figure paper 001's measurement experiments share: a measurement against the training update, one line per run.</summary>
internal static class AnalysisPlots
{
    /// <summary>
    /// Writes <paramref name="file"/> under the report's figures and returns its (caption, path) row; null when no
    /// cell is given. Each run is a line through its checkpoints, with the 95% band <paramref name="value"/> gives.
    /// </summary>
    public static (string Caption, string Path)? OverTraining(
        ExperimentData data, IEnumerable<AnalysisCell> cells, Func<AnalysisCell, SummaryInterval> value, string file, string title, string yLabel, string caption, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        AnalysisCell[] all = [.. cells];
        bool severalEnvs = all.Select(c => c.Env).Distinct().Count() > 1;
        BandSeries[] series = [.. all.GroupBy(c => c.Run).Select(run =>
        {
            AnalysisCell[] points = [.. run.OrderBy(c => c.Update)];
            SummaryInterval[] values = [.. points.Select(value)];
            return new BandSeries(points[0].Label(severalEnvs), [.. points.Select(c => (double)c.Update)], [.. values.Select(v => v.Mean)], [.. values.Select(v => v.Lower)], [.. values.Select(v => v.Upper)]);
        })];
        if (series.Length == 0)
        {
            return null;
        }

        BandPlot.Write(series, title, "training update", yLabel, logY, Path.Combine(data.FiguresDirectory, file));
        return (caption, $"figures/{file}");
    }
}
