namespace Kernel.Algorithms.Normalizers;

/// <summary>
/// Observation normalisation as the PPO implementations do it (Gymnasium's NormalizeObservation, baselines'
/// VecNormalize): update the running statistics with the batch, then x' = clip((x - mean) / sqrt(var + 1e-8),
/// -clip, clip) per feature. The update can be switched off (evaluation, bootstrapping from final observations).
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class ObservationNormalizer
{
    /// <summary>The 1e-8 under the square root.</summary>
    public const double Epsilon = 1e-8;

    /// <summary>Creates a normaliser for observations of <paramref name="features"/> numbers clipped to +-<paramref name="clip"/>.</summary>
    public ObservationNormalizer(int features, double clip = 10)
    {
        if (!(clip > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(clip), clip, "clip must be > 0.");
        }

        Statistics = new RunningMeanStd(features);
        Clip = clip;
    }

    /// <summary>The running statistics.</summary>
    public RunningMeanStd Statistics { get; }

    /// <summary>The clip bound.</summary>
    public double Clip { get; }

    /// <summary>
    /// Normalises a batch of rows (row-major, <see cref="RunningMeanStd.Features"/> per row) into
    /// <paramref name="destination"/>, first merging them into the statistics when <paramref name="update"/> is set.
    /// </summary>
    public void Normalize(ReadOnlySpan<double> rows, Span<double> destination, bool update)
    {
        // Checked here as well as in Update: without it a ragged batch would be normalised silently when update is off.
        int features = Statistics.Features;
        if (rows.Length % features != 0)
        {
            throw new ArgumentException($"rows has {rows.Length} values, not a multiple of the {features} features per row.", nameof(rows));
        }

        if (destination.Length != rows.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} values; rows has {rows.Length}.", nameof(destination));
        }

        if (update)
        {
            Statistics.Update(rows);
        }

        ReadOnlySpan<double> mean = Statistics.Mean;
        ReadOnlySpan<double> variance = Statistics.Variance;
        for (int i = 0; i < rows.Length; i++)
        {
            int f = i % features;
            destination[i] = Math.Clamp((rows[i] - mean[f]) / Math.Sqrt(variance[f] + Epsilon), -Clip, Clip);
        }
    }
}
