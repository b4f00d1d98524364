namespace Kernel.Experiments.Reproductions;

/// <summary>Statistics the reports use, of a metric's values over updates or of a number per run; non-finite values are left out.</summary>
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

    /// <summary>Mean ± std (population) of the finite values, or "N/A" when none.</summary>
    public static string MeanStd(IEnumerable<double> values)
    {
        (double mean, double std, int count) = MeanAndStd(values);
        return count == 0 ? "N/A" : $"{ReportWriter.Number(mean)} ± {ReportWriter.Number(std)}";
    }

    /// <summary>Mean and std (population) of the finite values and how many there are (NaNs when none).</summary>
    public static (double Mean, double Std, int Count) MeanAndStd(IEnumerable<double> values)
    {
        double[] finite = [.. values.Where(double.IsFinite)];
        if (finite.Length == 0)
        {
            return (double.NaN, double.NaN, 0);
        }

        double mean = finite.Average();
        return (mean, Math.Sqrt(finite.Sum(value => (value - mean) * (value - mean)) / finite.Length), finite.Length);
    }
}
