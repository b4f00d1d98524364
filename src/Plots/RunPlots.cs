using System.Globalization;
using System.Text.Json;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Files;
using Kernel.Algorithms.Training;
using ScottPlot;
using ScottPlot.Palettes;
using ScottPlot.TickGenerators;

namespace Kernel.Plots;

/// <summary>
/// PNG plots of a training run's metrics.csv against environment steps (ScottPlot, drawn off-screen: no display
/// needed). Non-finite values, values beyond ±<see cref="LinearLimit"/> on a linear axis (two of them would make the
/// axis span overflow, which ScottPlot cannot scale) and values &lt;= 0 on a log axis are left out of the lines, which
/// join the points on either side; an update with exploded = 1 gets a vertical line labelled "exploded" at its step. A plot none of whose
/// columns has a drawable value (a column the algorithm does not fill, such as clip_fraction for VPG) is not written.
/// Log axes are drawn as log10 of the values with ticks labelled in the values themselves. Text is drawn with the
/// font shipped in this assembly (<see cref="PlotFont"/>), so no installed font is needed.
/// Thread-safety: keeps no state; concurrent calls are safe when they write different files.
/// </summary>
public static class RunPlots
{
    /// <summary>The folder inside a run directory that <see cref="Write"/> fills.</summary>
    public const string DirectoryName = TrainingRun.PlotsFolder;

    /// <summary>Width of every image in pixels.</summary>
    public const int Width = 800;

    /// <summary>Height of every image in pixels.</summary>
    public const int Height = 500;

    /// <summary>The largest magnitude drawn on a linear axis: the span of any two such values, margins included, is a finite double.</summary>
    public const double LinearLimit = double.MaxValue / 4;

    private const string StepColumn = "step";
    private const string ExplodedColumn = "exploded";
    private const string ExplodedLabel = "exploded";
    private const string StepAxisLabel = "environment steps";

    /// <summary>
    /// Reads runDirectory/metrics.csv (and config.json, when present, for the titles) and writes into
    /// runDirectory/plots: return.png (return_mean with a ±return_std band), ratio_log10_max.png (with
    /// ratio_log10_max_clipped when filled), kl.png (kl_mean and kl_max, log axis), clip_fraction.png, std_min.png
    /// (log axis: a collapsing std spans decades), grad_norm.png (log axis), and for the second-order algorithms
    /// solver_steps.png (cg_iters and linesearch_steps), cg_residual.png (log axis) and multipliers.png (V-MPO's eta and
    /// nu, log axis). Returns the paths written, in that order; plots with nothing to draw are left out (an existing
    /// file of that name is left as it is).
    /// </summary>
    /// <param name="runDirectory">A run directory written by <see cref="TrainingRun"/>.</param>
    /// <exception cref="FileNotFoundException">runDirectory has no metrics.csv.</exception>
    /// <exception cref="InvalidDataException">metrics.csv is malformed or has no step column, or config.json is not JSON.</exception>
    /// <exception cref="InvalidOperationException">SkiaSharp cannot read the shipped font.</exception>
    /// <exception cref="IOException">An image cannot be written (the message names it).</exception>
    public static IReadOnlyList<string> Write(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        MetricsTable table = ReadMetrics(runDirectory);
        string run = DescribeRun(runDirectory);
        double[] steps = table.Column(StepColumn);
        double[] explosions = ExplosionSteps(table, steps);
        string folder = Path.Combine(runDirectory, DirectoryName);
        var written = new List<string>();

        void Add(string? path)
        {
            if (path is not null)
            {
                written.Add(path);
            }
        }

        Add(WriteReturn(table, steps, explosions, Path.Combine(folder, "return.png"), Title("Return", run)));
        Add(WriteLines(table, steps, explosions, Path.Combine(folder, "ratio_log10_max.png"), Title("Largest probability ratio", run), "log10 max ratio", logY: false, "ratio_log10_max", "ratio_log10_max_clipped"));
        Add(WriteLines(table, steps, explosions, Path.Combine(folder, "kl.png"), Title("KL(old || new)", run), "KL", logY: true, "kl_mean", "kl_max"));
        Add(WriteLines(table, steps, explosions, Path.Combine(folder, "clip_fraction.png"), Title("Clip fraction", run), "fraction of samples clipped", logY: false, "clip_fraction"));
        Add(WriteLines(table, steps, explosions, Path.Combine(folder, "std_min.png"), Title("Smallest policy std", run), "std_min", logY: true, "std_min"));
        Add(WriteLines(table, steps, explosions, Path.Combine(folder, "grad_norm.png"), Title("Gradient norm before clipping", run), "grad_norm", logY: true, "grad_norm"));
        Add(WriteLines(table, steps, explosions, Path.Combine(folder, "solver_steps.png"), Title("Conjugate-gradient iterations and line-search steps", run), "count", logY: false, "cg_iters", "linesearch_steps"));
        Add(WriteLines(table, steps, explosions, Path.Combine(folder, "cg_residual.png"), Title("Conjugate-gradient relative residual", run), "||r|| / ||g||", logY: true, "cg_residual"));
        Add(WriteLines(table, steps, explosions, Path.Combine(folder, "multipliers.png"), Title("V-MPO temperature and KL multiplier", run), "value", logY: true, "eta", "nu"));
        return written;
    }

    /// <summary>
    /// Draws one line per run for <paramref name="metric"/> against steps into <paramref name="pngPath"/>; each run's
    /// explosion is a dashed vertical line in the run's colour, and its legend entry says at which step. The image is
    /// written even when no run has a drawable value (the explosion markers alone still tell when each run failed).
    /// </summary>
    /// <param name="runs">Legend label and run directory of each run (at least one; labels non-empty).</param>
    /// <param name="metric">A numeric column of metrics.csv, one of <see cref="UpdateRecord.Names"/> except exploded_at, or of <see cref="UpdateRecord.OptionalNames"/>.</param>
    /// <param name="pngPath">The image to write (its folder is created).</param>
    /// <param name="logY">Whether the y axis is logarithmic (values &lt;= 0 are then left out).</param>
    /// <exception cref="ArgumentException">No runs, an empty label, or an unknown metric.</exception>
    /// <exception cref="FileNotFoundException">A run directory has no metrics.csv.</exception>
    /// <exception cref="InvalidDataException">A metrics.csv is malformed or has no step column.</exception>
    /// <exception cref="InvalidOperationException">SkiaSharp cannot read the shipped font.</exception>
    /// <exception cref="IOException">An image cannot be written (the message names it).</exception>
    public static void Compare(IReadOnlyList<(string Label, string RunDirectory)> runs, string metric, string pngPath, bool logY)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        if (runs.Count == 0)
        {
            throw new ArgumentException("runs is empty; give at least one (label, run directory) pair.", nameof(runs));
        }

        if (metric is null || metric == "exploded_at" || !(UpdateRecord.Names.Contains(metric) || UpdateRecord.OptionalNames.Contains(metric)))
        {
            throw new ArgumentException($"metric '{metric}' is not a numeric metric; allowed are {string.Join(", ", UpdateRecord.Names.Concat(UpdateRecord.OptionalNames).Where(name => name != "exploded_at"))}.", nameof(metric));
        }

        Plot plot = NewPlot(metric, metric, logY);
        var palette = new Category10();
        var drawn = new List<double>();
        for (int i = 0; i < runs.Count; i++)
        {
            (string label, string directory) = runs[i];
            if (string.IsNullOrEmpty(label))
            {
                throw new ArgumentException($"runs[{i}] has an empty label; every run needs a legend label.", nameof(runs));
            }

            ArgumentException.ThrowIfNullOrEmpty(directory, $"{nameof(runs)}[{i}].RunDirectory");
            MetricsTable table = ReadMetrics(directory);
            double[] steps = table.Column(StepColumn);
            Color color = palette.GetColor(i);
            (double[] xs, double[] ys) = Drawable(steps, ValuesOrEmpty(table, metric), logY);
            double[] explosions = ExplosionSteps(table, steps);

            // Labels on the markers would pile up where runs explode close together: the legend says when instead.
            string legend = explosions.Length == 0 ? label : $"{label} (exploded at step {string.Join(", ", explosions.Select(step => step.ToString("N0", CultureInfo.InvariantCulture)))})";
            AddLine(plot, xs, ys, legend, color);
            AddExplosions(plot, explosions, text: null, color);
            drawn.AddRange(ys);
        }

        if (logY)
        {
            UseLogTicks(plot, drawn);
        }

        plot.ShowLegend(Edge.Bottom);
        Save(plot, pngPath);
    }

    private static string? WriteReturn(MetricsTable table, double[] steps, double[] explosions, string path, string title)
    {
        double[] mean = ValuesOrEmpty(table, "return_mean");
        double[] std = ValuesOrEmpty(table, "return_std");
        (double[] xs, double[] ys) = Drawable(steps, mean, logY: false);
        if (xs.Length == 0)
        {
            return null;
        }

        Plot plot = NewPlot(title, "episode return", logY: false);
        Color color = new Category10().GetColor(0);
        var bandXs = new List<double>();
        var below = new List<double>();
        var above = new List<double>();
        for (int row = 0; row < steps.Length; row++)
        {
            double low = mean[row] - std[row];
            double high = mean[row] + std[row];
            if (Linear(steps[row]) && Linear(low) && Linear(high))
            {
                bandXs.Add(steps[row]);
                below.Add(low);
                above.Add(high);
            }
        }

        if (bandXs.Count > 0)
        {
            var band = plot.Add.FillY([.. bandXs], [.. below], [.. above]);
            band.FillColor = color.WithAlpha(0.25);
            band.LineWidth = 0;
            band.LegendText = "return_mean ± return_std";
        }

        AddLine(plot, xs, ys, "return_mean", color);
        AddExplosions(plot, explosions, ExplodedLabel, Colors.Red);
        plot.ShowLegend(Edge.Bottom);
        Save(plot, path);
        return path;
    }

    private static string? WriteLines(MetricsTable table, double[] steps, double[] explosions, string path, string title, string yLabel, bool logY, params string[] columns)
    {
        var series = new List<(string Column, double[] Xs, double[] Ys)>();
        foreach (string column in columns)
        {
            (double[] xs, double[] ys) = Drawable(steps, ValuesOrEmpty(table, column), logY);
            if (xs.Length > 0)
            {
                series.Add((column, xs, ys));
            }
        }

        if (series.Count == 0)
        {
            return null;
        }

        Plot plot = NewPlot(title, yLabel, logY);
        var palette = new Category10();
        for (int i = 0; i < series.Count; i++)
        {
            AddLine(plot, series[i].Xs, series[i].Ys, series[i].Column, palette.GetColor(i));
        }

        AddExplosions(plot, explosions, ExplodedLabel, Colors.Red);
        if (logY)
        {
            UseLogTicks(plot, series.SelectMany(line => line.Ys));
        }

        if (series.Count > 1)
        {
            plot.ShowLegend(Edge.Bottom); // below the axes, where it cannot hide data
        }
        else
        {
            plot.HideLegend(); // one line is named by the title and the axis label
        }

        Save(plot, path);
        return path;
    }

    private static MetricsTable ReadMetrics(string runDirectory)
    {
        string path = Path.Combine(runDirectory, MetricsWriter.CsvFileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the run directory '{runDirectory}' has no {MetricsWriter.CsvFileName}.", path);
        }

        MetricsTable table = MetricsTable.Read(path);
        if (!table.Contains(StepColumn))
        {
            throw new InvalidDataException($"{path} has no '{StepColumn}' column to plot against; its columns are {string.Join(", ", table.Columns)}.");
        }

        return table;
    }

    /// <summary>"env, algo, precision, seed N" from config.json's snake_case keys, those present; empty without the file.</summary>
    private static string DescribeRun(string runDirectory)
    {
        string path = Path.Combine(runDirectory, TrainingRun.ConfigFileName);
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        try
        {
            using JsonDocument config = JsonDocument.Parse(File.ReadAllText(path));
            if (config.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path} is not a JSON object.");
            }

            var parts = new List<string>();
            foreach (string key in (string[])["env", "algo", "precision"])
            {
                if (config.RootElement.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String)
                {
                    parts.Add(value.GetString()!);
                }
            }

            if (config.RootElement.TryGetProperty("seed", out JsonElement seed) && seed.ValueKind == JsonValueKind.Number)
            {
                parts.Add($"seed {seed.GetRawText()}");
            }

            return string.Join(", ", parts);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {error.Message}", error);
        }
    }

    private static string Title(string quantity, string run) => run.Length == 0 ? quantity : $"{quantity} ({run})";

    private static double[] ValuesOrEmpty(MetricsTable table, string column) =>
        table.Contains(column) ? table.Column(column) : Enumerable.Repeat(double.NaN, table.RowCount).ToArray();

    /// <summary>The steps of the updates marked exploded (exploded = 1) whose step is known.</summary>
    private static double[] ExplosionSteps(MetricsTable table, double[] steps)
    {
        double[] exploded = ValuesOrEmpty(table, ExplodedColumn);
        return [.. Enumerable.Range(0, steps.Length).Where(row => exploded[row] == 1 && Linear(steps[row])).Select(row => steps[row])];
    }

    /// <summary>The points that can be drawn: step and value within ±<see cref="LinearLimit"/> on a linear axis, or value finite and &gt; 0 on a log axis (as log10 of it).</summary>
    private static (double[] Xs, double[] Ys) Drawable(double[] steps, double[] values, bool logY)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int row = 0; row < steps.Length; row++)
        {
            double value = values[row];
            if (!Linear(steps[row]) || (logY ? !(double.IsFinite(value) && value > 0) : !Linear(value)))
            {
                continue;
            }

            xs.Add(steps[row]);
            ys.Add(logY ? Math.Log10(value) : value);
        }

        return ([.. xs], [.. ys]);
    }

    /// <summary>Whether <paramref name="value"/> can be drawn on a linear axis (finite and within ±<see cref="LinearLimit"/>).</summary>
    private static bool Linear(double value) => Math.Abs(value) <= LinearLimit;

    private static Plot NewPlot(string title, string yLabel, bool logY)
    {
        PlotFont.Use();
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(StepAxisLabel);
        plot.YLabel(logY ? $"{yLabel} (log scale)" : yLabel);
        return plot;
    }

    /// <summary>
    /// Labels the log10 data of a log axis with the values they stand for: ticks at whole decades with log-spaced
    /// minor ticks when the data span two decades or more, else wherever ScottPlot puts them (a narrower range would
    /// get one decade tick or none).
    /// </summary>
    private static void UseLogTicks(Plot plot, IEnumerable<double> log10Values)
    {
        double[] values = [.. log10Values];
        bool decades = values.Length > 0 && values.Max() - values.Min() >= 2;
        var ticks = new NumericAutomatic { LabelFormatter = FormatLogTick };
        if (decades)
        {
            ticks.IntegerTicksOnly = true;
            ticks.MinorTickGenerator = new LogMinorTickGenerator();
        }

        plot.Axes.Left.TickGenerator = ticks;
    }

    /// <summary>The value a log10 tick stands for, to 3 significant digits: plain from 1e-4 to 1e5 (1000, 0.00316), else 1e-7 style.</summary>
    internal static string FormatLogTick(double log10)
    {
        double value = double.Parse(Math.Pow(10, log10).ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return value is >= 1e-4 and < 1e5
            ? value.ToString("0.######", CultureInfo.InvariantCulture)
            : value.ToString("0.##e+0", CultureInfo.InvariantCulture);
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, string label, Color color)
    {
        var line = plot.Add.Scatter(xs, ys, color);
        line.LegendText = label;
        line.LineWidth = 1.5f;
        line.MarkerSize = 3; // a point whose neighbours were left out still shows
    }

    private static void AddExplosions(Plot plot, double[] explosionSteps, string? text, Color color)
    {
        foreach (double step in explosionSteps)
        {
            var marker = plot.Add.VerticalLine(step, 1.5f, color, LinePattern.Dashed);
            marker.Text = text ?? string.Empty;
        }
    }

    private static void Save(Plot plot, string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        // Through a temporary file and a rename, like every file of a run: a killed process leaves no half PNG.
        using Image image = plot.GetImage(Width, Height);
        byte[] png = image.GetImageBytes(ImageFormat.Png, 100);
        try
        {
            AtomicFile.Write(path, stream => stream.Write(png));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET names the temporary file ("Could not find file 'x.png.tmp'"): say which image could not be written.
            throw new IOException($"cannot write {path} ({e.Message})", e);
        }
    }
}
