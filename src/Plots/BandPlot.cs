using Kernel.Algorithms.Diagnostics;
using ScottPlot;
using ScottPlot.Palettes;

namespace Kernel.Plots;

/// <summary>
/// Draws groups of runs as mean lines with interval bands (sweeps and reproduction reports), off-screen into PNG.
/// Non-finite points (and points &lt;= 0 on a log axis) are left out. Text is drawn with the shipped
/// <see cref="PlotFont"/>, so no installed font is needed.
/// Thread-safety: no state; concurrent calls writing different files are safe.
/// </summary>
public static class BandPlot
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = 900;

    /// <summary>Image height in pixels.</summary>
    public const int Height = 560;

    /// <summary>Writes one line per series with its band into <paramref name="pngPath"/> (folders are created).</summary>
    /// <param name="series">The groups to draw (at least one).</param>
    /// <param name="title">Plot title.</param>
    /// <param name="xLabel">x axis label.</param>
    /// <param name="yLabel">y axis label.</param>
    /// <param name="logY">Logarithmic y axis: log10 of the values is drawn, the label says so.</param>
    /// <param name="pngPath">The file to write.</param>
    /// <exception cref="ArgumentException">No series, or a series whose arrays differ in length.</exception>
    /// <exception cref="InvalidOperationException">The shipped plot font cannot be read.</exception>
    public static void Write(IReadOnlyList<BandSeries> series, string title, string xLabel, string yLabel, bool logY, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        if (series.Count == 0)
        {
            throw new ArgumentException("series is empty: give at least one group to draw.", nameof(series));
        }

        PlotFont.Use();

        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(logY ? $"{yLabel} (log10)" : yLabel);
        var palette = new Category10();
        for (int i = 0; i < series.Count; i++)
        {
            BandSeries line = series[i];
            if (line.Mean.Length != line.Xs.Length || line.Lower.Length != line.Xs.Length || line.Upper.Length != line.Xs.Length)
            {
                throw new ArgumentException($"series '{line.Label}': Xs, Mean, Lower and Upper must have one length.", nameof(series));
            }

            Color color = palette.GetColor(i);
            var xs = new List<double>();
            var means = new List<double>();
            var lows = new List<double>();
            var highs = new List<double>();
            for (int k = 0; k < line.Xs.Length; k++)
            {
                if (Drawable(line.Xs[k], line.Mean[k], logY))
                {
                    xs.Add(line.Xs[k]);
                    means.Add(logY ? Math.Log10(line.Mean[k]) : line.Mean[k]);
                    bool band = Drawable(line.Xs[k], line.Lower[k], logY) && double.IsFinite(line.Upper[k]);
                    lows.Add(band ? (logY ? Math.Log10(line.Lower[k]) : line.Lower[k]) : means[^1]);
                    highs.Add(band ? (logY ? Math.Log10(line.Upper[k]) : line.Upper[k]) : means[^1]);
                }
            }

            if (xs.Count == 0)
            {
                continue;
            }

            var fill = plot.Add.FillY(xs.ToArray(), lows.ToArray(), highs.ToArray());
            fill.FillColor = color.WithAlpha(0.2);
            fill.LineWidth = 0;
            var scatter = plot.Add.Scatter(xs.ToArray(), means.ToArray(), color);
            scatter.LegendText = line.Label;
            scatter.LineWidth = 1.5f;
            scatter.MarkerSize = 3;
        }

        plot.ShowLegend(Edge.Bottom);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(pngPath));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        plot.SavePng(pngPath, Width, Height);
    }

    private static bool Drawable(double x, double y, bool logY) => double.IsFinite(x) && double.IsFinite(y) && (!logY || y > 0);
}
