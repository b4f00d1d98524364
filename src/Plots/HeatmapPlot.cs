using ScottPlot;

namespace Kernel.Plots;

/// <summary>
/// Draws a function on a regular 2-D grid as a heatmap with a colour bar (landscapes), off-screen into PNG bytes.
/// Non-finite cells are drawn grey. Text is drawn with the shipped <see cref="PlotFont"/>.
/// Thread-safety: no state; concurrent calls are safe.
/// </summary>
public static class HeatmapPlot
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = 800;

    /// <summary>Image height in pixels.</summary>
    public const int Height = 680;

    /// <summary>The PNG of <paramref name="values"/>[row = y index, column = x index] over the grid <paramref name="xs"/> x <paramref name="ys"/> (both ascending).</summary>
    /// <exception cref="ArgumentException">The grid and the values disagree in shape, or an axis has fewer than 2 values.</exception>
    public static byte[] Png(double[] xs, double[] ys, double[,] values, string title, string xLabel, string yLabel, string valueLabel)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(values);
        if (xs.Length < 2 || ys.Length < 2 || values.GetLength(0) != ys.Length || values.GetLength(1) != xs.Length)
        {
            throw new ArgumentException($"a heatmap needs at least 2x2 points and values of shape ys x xs ({ys.Length}x{xs.Length}); got {values.GetLength(0)}x{values.GetLength(1)}.", nameof(values));
        }

        PlotFont.Use();
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        var cells = (double[,])values.Clone();
        for (int r = 0; r < cells.GetLength(0); r++)
        {
            for (int c = 0; c < cells.GetLength(1); c++)
            {
                if (!double.IsFinite(cells[r, c]))
                {
                    cells[r, c] = double.NaN;
                }
            }
        }

        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.FlipVertically = true; // row 0 (the smallest y) at the bottom
        heatmap.Position = new CoordinateRect(xs[0], xs[^1], ys[0], ys[^1]);
        heatmap.NaNCellColor = Colors.Gray;
        plot.Add.ColorBar(heatmap).Label = valueLabel;
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
