using System.Globalization;
using System.Text;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// The CSV of evaluated landscapes: header <c>precision,a,b,mean,std</c>, then one row per point per precision in
/// the points' order; values round-trip ("R"), a non-finite mean is written as NaN, Infinity or -Infinity.
/// </summary>
public static class LandscapeCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "precision,a,b,mean,std";

    /// <summary>The file's text for the landscapes given per precision label (e.g. "fp32", "fp64").</summary>
    public static string Format(IEnumerable<(string Precision, IReadOnlyList<LandscapePoint> Points)> landscapes)
    {
        ArgumentNullException.ThrowIfNull(landscapes);
        var text = new StringBuilder(Header).Append('\n');
        foreach ((string precision, IReadOnlyList<LandscapePoint> points) in landscapes)
        {
            foreach (LandscapePoint p in points)
            {
                text.Append(CultureInfo.InvariantCulture, $"{precision},{p.A:R},{p.B:R},{p.Mean:R},{p.StandardDeviation:R}\n");
            }
        }

        return text.ToString();
    }
}
