using System.Globalization;
using Kernel.Algorithms.Landscapes;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper002;

/// <summary>
/// The landscape.csv of a <c>kernel landscape</c> cell read as data: its points per precision (rows in the file's
/// order, a fastest), so a report can recompute what the command summarised (gaps, exponents, roughness).
/// Thread-safety: immutable after reading.
/// </summary>
public sealed class LandscapeOutput
{
    private readonly Dictionary<string, LandscapePoint[]> points;

    private LandscapeOutput(Dictionary<string, LandscapePoint[]> points) => this.points = points;

    /// <summary>The file's name in a cell directory.</summary>
    public const string FileName = "landscape.csv";

    /// <summary>Whether the file held any point.</summary>
    public bool Exists => points.Count > 0;

    /// <summary>Reads directory/landscape.csv; a directory without it (a cell that failed) reads as no points.</summary>
    /// <exception cref="InvalidDataException">A row is not precision,a,b,mean,std.</exception>
    public static LandscapeOutput Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        var rows = new Dictionary<string, List<LandscapePoint>>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path).Skip(1).Where(line => line.Length > 0))
            {
                string[] fields = line.Split(',');
                if (fields.Length != 5)
                {
                    throw new InvalidDataException($"{path}: row '{line}' is not {LandscapeCsv.Header}.");
                }

                double Field(int i) => double.Parse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!rows.TryGetValue(fields[0], out List<LandscapePoint>? list))
                {
                    rows[fields[0]] = list = [];
                }

                list.Add(new LandscapePoint(Field(1), Field(2), Field(3), Field(4)));
            }
        }

        return new LandscapeOutput(rows.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>The cell's landscape.csv (see <see cref="Read(string)"/>).</summary>
    public static LandscapeOutput Read(ExperimentData data, SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Read(data.Layout.CellDirectory(cell));
    }

    /// <summary>The points of one precision (fp32, fp64), empty when absent.</summary>
    public IReadOnlyList<LandscapePoint> Points(string precision) => points.TryGetValue(precision, out LandscapePoint[]? values) ? values : [];

    /// <summary>The values (mean column) of one precision, in file order.</summary>
    public double[] Values(string precision) => [.. Points(precision).Select(point => point.Mean)];

    /// <summary>The value at the slice's centre (a = b = 0) of one precision, NaN when absent.</summary>
    public double Centre(string precision) => Points(precision).Where(point => point.A == 0 && point.B == 0).Select(point => point.Mean).DefaultIfEmpty(double.NaN).First();

    /// <summary>A 2-D slice's values of one precision as a grid [b index, a index] (a fastest in the file), or null when not square.</summary>
    public double[,]? Grid(string precision)
    {
        double[] values = Values(precision);
        int side = (int)Math.Round(Math.Sqrt(values.Length));
        if (side < 2 || side * side != values.Length)
        {
            return null;
        }

        var grid = new double[side, side];
        for (int i = 0; i < values.Length; i++)
        {
            grid[i / side, i % side] = values[i];
        }

        return grid;
    }

    /// <summary>The relative gaps |J32 - J64| / |J64| per point (<see cref="PrecisionGap.Relative"/>), empty without both precisions.</summary>
    public double[] RelativeGaps() => Points("fp32").Count == 0 || Points("fp64").Count == 0 ? [] : PrecisionGap.Relative(Points("fp32"), Points("fp64"));
}
