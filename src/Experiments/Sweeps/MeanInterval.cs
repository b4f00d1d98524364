namespace Kernel.Experiments.Sweeps;

/// <summary>
/// The mean of a sample with its two-sided 95% confidence interval, mean +- t(0.975, n - 1) s / sqrt(n) (Student's t,
/// s the sample standard deviation); with one value the interval is the value itself.
/// </summary>
/// <param name="Mean">Sample mean.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="Count">Sample size.</param>
public readonly record struct MeanInterval(double Mean, double Lower, double Upper, int Count)
{
    // t(0.975, df) for df = 1..30, from any table of Student's t quantiles (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>The mean and 95% interval of the finite values in <paramref name="values"/> (NaNs when none is finite).</summary>
    public static MeanInterval Of(IEnumerable<double> values)
    {
        double[] finite = [.. values.Where(double.IsFinite)];
        if (finite.Length == 0)
        {
            return new MeanInterval(double.NaN, double.NaN, double.NaN, 0);
        }

        double mean = finite.Average();
        if (finite.Length == 1)
        {
            return new MeanInterval(mean, mean, mean, 1);
        }

        double variance = finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1);
        double half = TQuantile975(finite.Length - 1) * Math.Sqrt(variance / finite.Length);
        return new MeanInterval(mean, mean - half, mean + half, finite.Length);
    }

    /// <summary>t(0.975, df): the table up to 30 degrees of freedom, then the normal quantile 1.96 plus the first Cornish-Fisher term.</summary>
    internal static double TQuantile975(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        const double z = 1.959964;
        return degreesOfFreedom <= T975.Length ? T975[degreesOfFreedom - 1] : z + (z * z * z + z) / (4 * degreesOfFreedom);
    }
}
