namespace Kernel.Experiments.Reproductions;

/// <summary>Statistics of a metric's values over updates that the reports use; non-finite values are left out.</summary>
public static class Series
{
    /// <summary>The share of the finite values passing <paramref name="test"/> (NaN when none is finite).</summary>
    public static double Share(IEnumerable<double> values, Func<double, bool> test)
    {
        double[] finite = [.. values.Where(double.IsFinite)];
        return finite.Length == 0 ? double.NaN : (double)finite.Count(test) / finite.Length;
    }

    /// <summary>The largest finite value (NaN when none).</summary>
    public static double Max(IEnumerable<double> values) => values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();

    /// <summary>The median of the finite values (NaN when none).</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Where(double.IsFinite).Order()];
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
