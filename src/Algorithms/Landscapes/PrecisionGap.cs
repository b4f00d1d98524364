namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// How far an fp32 landscape is from the fp64 one at the same points: the relative gap |J32 - J64| / |J64| per point,
/// summarised by its maximum and median over the points where both are finite and J64 is not 0.
/// </summary>
/// <param name="Max">The largest relative gap.</param>
/// <param name="Median">The median relative gap.</param>
/// <param name="Points">The points compared.</param>
public sealed record PrecisionGap(double Max, double Median, int Points)
{
    /// <summary>The per-point relative gaps (NaN where a point is not compared).</summary>
    public static double[] Relative(IReadOnlyList<LandscapePoint> fp32, IReadOnlyList<LandscapePoint> fp64)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(fp64);
        if (fp32.Count != fp64.Count)
        {
            throw new ArgumentException($"the fp32 landscape has {fp32.Count} points, the fp64 one {fp64.Count}.", nameof(fp32));
        }

        var gaps = new double[fp64.Count];
        for (int i = 0; i < gaps.Length; i++)
        {
            double reference = fp64[i].Mean;
            double value = fp32[i].Mean;
            gaps[i] = double.IsFinite(reference) && double.IsFinite(value) && reference != 0 ? Math.Abs(value - reference) / Math.Abs(reference) : double.NaN;
        }

        return gaps;
    }

    /// <summary>Summarises <see cref="Relative"/>; NaN max and median when no point compares.</summary>
    public static PrecisionGap Compare(IReadOnlyList<LandscapePoint> fp32, IReadOnlyList<LandscapePoint> fp64)
    {
        double[] gaps = [.. Relative(fp32, fp64).Where(double.IsFinite).Order()];
        if (gaps.Length == 0)
        {
            return new PrecisionGap(double.NaN, double.NaN, 0);
        }

        int mid = gaps.Length / 2;
        double median = gaps.Length % 2 == 1 ? gaps[mid] : 0.5 * (gaps[mid - 1] + gaps[mid]);
        return new PrecisionGap(gaps[^1], median, gaps.Length);
    }
}
