using ScottPlot;
using ScottPlot.Palettes;

namespace Kernel.Plots;

/// <summary>
/// Draws groups of values (e.g. final rewards of runs with an option on and off) as histograms over shared bins, the
/// groups' bars side by side in each bin, off-screen into PNG. Non-finite values are left out. Text is drawn with the
/// shipped <see cref="PlotFont"/>. Thread-safety: no state; concurrent calls writing different files are safe.
/// </summary>
public static class HistogramPlot
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = 900;

    /// <summary>Image height in pixels.</summary>
    public const int Height = 560;

    /// <summary>
    /// Counts per bin: <paramref name="bins"/> equal bins from the smallest to the largest finite value of all groups
    /// (one bin of width 1 around the value when they are all equal); returns the bins' left edges, their width and
    /// each group's counts.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 1.</exception>
    public static (double[] Edges, double Width, int[][] Counts) Bin(IReadOnlyList<double[]> groups, int bins)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double[] all = [.. groups.SelectMany(group => group).Where(double.IsFinite)];
        double low = all.Length == 0 ? 0 : all.Min();
        double high = all.Length == 0 ? 0 : all.Max();
        if (high == low)
        {
            low -= 0.5;
            high += 0.5;
        }

        double width = (high - low) / bins;
        double[] edges = [.. Enumerable.Range(0, bins).Select(i => low + (i * width))];
        int[][] counts = [.. groups.Select(group =>
        {
            var count = new int[bins];
            foreach (double value in group.Where(double.IsFinite))
            {
                count[Math.Min(bins - 1, (int)((value - low) / width))]++;
            }

            return count;
        })];
        return (edges, width, counts);
    }

    /// <summary>Writes the histograms of <paramref name="groups"/> (one colour each, labelled) into <paramref name="pngPath"/> (folders are created).</summary>
    /// <param name="groups">(label, values) per group; at least one.</param>
    /// <param name="bins">Number of bins.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="xLabel">x axis label (the values' quantity).</param>
    /// <param name="pngPath">The file to write.</param>
    /// <exception cref="ArgumentException">No groups.</exception>
    /// <exception cref="InvalidOperationException">The shipped plot font cannot be read.</exception>
    public static void Write(IReadOnlyList<(string Label, double[] Values)> groups, int bins, string title, string xLabel, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        if (groups.Count == 0)
        {
            throw new ArgumentException("groups is empty: give at least one group to draw.", nameof(groups));
        }

        (double[] edges, double width, int[][] counts) = Bin([.. groups.Select(group => group.Values)], bins);
        PlotFont.Use();
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("runs");
        var palette = new Category10();
        double barWidth = width / groups.Count;
        for (int g = 0; g < groups.Count; g++)
        {
            double[] positions = [.. edges.Select(edge => edge + ((g + 0.5) * barWidth))];
            var bars = plot.Add.Bars(positions, [.. counts[g].Select(count => (double)count)]);
            bars.LegendText = $"{groups[g].Label} (n = {groups[g].Values.Count(double.IsFinite)})";
            foreach (Bar bar in bars.Bars)
            {
                bar.Size = barWidth * 0.95;
                bar.FillColor = palette.GetColor(g);
                bar.LineWidth = 0;
            }
        }

        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Bottom);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(pngPath));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        plot.SavePng(pngPath, Width, Height);
    }
}
