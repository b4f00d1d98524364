namespace Kernel.Experiments.Sweeps;

/// <summary>
/// The difference of two independent samples' means, a - b, with Welch's two-sided 95% interval:
/// (mean_a - mean_b) ± t(0.975, df) sqrt(s_a²/n_a + s_b²/n_b), df the Welch-Satterthwaite degrees of freedom rounded
/// down (a slightly wider interval than the exact quantile). Non-finite values are left out; with fewer than two
/// values on a side the interval is NaN.
/// </summary>
/// <param name="Difference">mean_a - mean_b (NaN when a side is empty).</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
public readonly record struct MeanDifference(double Difference, double Lower, double Upper)
{
    /// <summary>Whether the interval lies wholly above 0 (the difference is positive at the 5% level).</summary>
    public bool Positive => Lower > 0;

    /// <summary>The difference of the finite values' means, <paramref name="a"/> - <paramref name="b"/>, and its Welch 95% interval.</summary>
    public static MeanDifference Of(IEnumerable<double> a, IEnumerable<double> b)
    {
        double[] x = [.. a.Where(double.IsFinite)];
        double[] y = [.. b.Where(double.IsFinite)];
        double difference = x.Length == 0 || y.Length == 0 ? double.NaN : x.Average() - y.Average();
        if (x.Length < 2 || y.Length < 2)
        {
            return new MeanDifference(difference, double.NaN, double.NaN);
        }

        double vx = Variance(x) / x.Length;
        double vy = Variance(y) / y.Length;
        double se = Math.Sqrt(vx + vy);
        if (se == 0)
        {
            return new MeanDifference(difference, difference, difference);
        }

        // Welch-Satterthwaite (Welch 1947, Biometrika 34: 28-35); the 1e-9 keeps a whole df that rounding left just
        // below itself (e.g. 5.9999999 for two equal-variance samples of 4) from losing a degree.
        double df = (vx + vy) * (vx + vy) / ((vx * vx / (x.Length - 1)) + (vy * vy / (y.Length - 1)));
        double half = MeanInterval.TQuantile975(Math.Max(1, (int)Math.Floor(df + 1e-9))) * se;
        return new MeanDifference(difference, difference - half, difference + half);
    }

    private static double Variance(double[] values)
    {
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
    }
}
