namespace Kernel.Experiments.Reproductions.Paper002;

/// <summary>
/// How rough a landscape is, as one number a claim can be judged by: the roughness (Hölder) exponent alpha of a
/// profile sampled at evenly spaced points, the slope of log E|f(x + h) - f(x)| against log h over lags h = 1, 2, 4,
/// ... grid steps up to an eighth of the profile. A differentiable profile gives alpha = 1 (increments grow linearly with the lag), Brownian motion
/// 1/2, and a fractal graph of box dimension D gives alpha = 2 - D (seed paper 002, section 5: the landscape of a
/// chaotic MDP is fractal). Thread-safety: no state.
/// </summary>
public static class Roughness
{
    /// <summary>The fewest lags a fit uses; with fewer the exponent is NaN.</summary>
    public const int MinimumLags = 3;

    /// <summary>The exponent of a 1-D profile; NaN when it has too few points or a lag whose increments are all zero or non-finite.</summary>
    public static double Exponent(IReadOnlyList<double> profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Fit(lag => MeanIncrement([profile], lag), profile.Count);
    }

    /// <summary>
    /// The exponent of a 2-D grid (rows x columns), pooling the increments along both axes at each lag: NaN as for a
    /// profile.
    /// </summary>
    public static double Exponent(double[,] grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int rows = grid.GetLength(0);
        int columns = grid.GetLength(1);
        double[][] lines =
        [
            .. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, columns).Select(c => grid[r, c]).ToArray()),
            .. Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, rows).Select(r => grid[r, c]).ToArray()),
        ];
        return Fit(lag => MeanIncrement(lines, lag), Math.Min(rows, columns));
    }

    /// <summary>Least-squares slope of log mean increment on log lag over lags 1, 2, 4, ... up to an eighth of the points (longer lags see the curvature of a smooth profile, not its scaling).</summary>
    private static double Fit(Func<int, double> meanIncrement, int points)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int lag = 1; lag <= points / 8; lag *= 2)
        {
            double increment = meanIncrement(lag);
            if (!(increment > 0) || !double.IsFinite(increment))
            {
                return double.NaN;
            }

            x.Add(Math.Log(lag));
            y.Add(Math.Log(increment));
        }

        if (x.Count < MinimumLags)
        {
            return double.NaN;
        }

        double meanX = x.Average();
        double meanY = y.Average();
        double covariance = x.Zip(y, (a, b) => (a - meanX) * (b - meanY)).Sum();
        double variance = x.Sum(a => (a - meanX) * (a - meanX));
        return covariance / variance;
    }

    /// <summary>Mean |f(i + lag) - f(i)| over every line and every pair of finite values.</summary>
    private static double MeanIncrement(IEnumerable<IReadOnlyList<double>> lines, int lag)
    {
        double sum = 0;
        long count = 0;
        foreach (IReadOnlyList<double> line in lines)
        {
            for (int i = 0; i + lag < line.Count; i++)
            {
                double difference = Math.Abs(line[i + lag] - line[i]);
                if (double.IsFinite(difference))
                {
                    sum += difference;
                    count++;
                }
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
