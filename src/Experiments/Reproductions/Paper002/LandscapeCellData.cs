using System.Globalization;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper002;

/// <summary>
/// The fp64 landscape a <c>kernel landscape</c> sweep cell wrote (its landscape.csv: precision,a,b,mean,std, one row
/// per point, a fastest), as a profile (1-D) or grid (2-D) a claim can be judged by. Read without the CLI's types so
/// reports survive changes to them. Thread-safety: immutable after reading.
/// </summary>
/// <param name="A">The distinct a values, ascending.</param>
/// <param name="B">The distinct b values, ascending (one, 0, for a 1-D slice).</param>
/// <param name="Values">The mean return per point, [b index, a index].</param>
public sealed record LandscapeCellData(double[] A, double[] B, double[,] Values)
{
    /// <summary>The file a landscape cell writes.</summary>
    public const string FileName = "landscape.csv";

    /// <summary>The values along a of a 1-D slice (the first row of the grid).</summary>
    public double[] Profile => [.. Enumerable.Range(0, A.Length).Select(i => Values[0, i])];

    /// <summary>The value at the centre (a = b = 0), NaN when the grid has no such point.</summary>
    public double Centre
    {
        get
        {
            int i = Array.IndexOf(A, 0.0);
            int j = Array.IndexOf(B, 0.0);
            return i < 0 || j < 0 ? double.NaN : Values[j, i];
        }
    }

    /// <summary>Reads the fp64 rows of a cell's landscape.csv; null when the cell wrote none.</summary>
    public static LandscapeCellData? Read(string cellDirectory)
    {
        string path = Path.Combine(cellDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var rows = File.ReadAllLines(path).Skip(1).Select(line => line.Split(','))
            .Where(parts => parts.Length >= 4 && parts[0] == "fp64")
            .Select(parts => (A: Parse(parts[1]), B: Parse(parts[2]), Mean: Parse(parts[3])))
            .ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        double[] a = [.. rows.Select(row => row.A).Distinct().Order()];
        double[] b = [.. rows.Select(row => row.B).Distinct().Order()];
        var values = new double[b.Length, a.Length];
        foreach ((double x, double y, double mean) in rows)
        {
            values[Array.IndexOf(b, y), Array.IndexOf(a, x)] = mean;
        }

        return new LandscapeCellData(a, b, values);
    }

    /// <summary>The landscape of <paramref name="cell"/> in the sweep, or null.</summary>
    public static LandscapeCellData? Of(ExperimentData data, SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Read(data.Layout.CellDirectory(cell));
    }

    private static double Parse(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;
}
