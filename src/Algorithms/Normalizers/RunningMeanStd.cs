using System.Globalization;

namespace Kernel.Algorithms.Normalizers;

/// <summary>
/// Per-feature running mean and variance over every batch seen, merged with Chan et al.'s parallel formula, in
/// fp64, starting from mean 0, variance 1 and a pseudo-count of 1e-4 as the PPO implementations' RunningMeanStd
/// (OpenAI baselines, the code seed 001 studies). Batch variances are population variances (divisor n).
/// State (count, mean, var) can be exported and imported for checkpoints. Allocation-free after construction.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class RunningMeanStd
{
    /// <summary>The initial pseudo-count (baselines' epsilon = 1e-4).</summary>
    public const double InitialCount = 1e-4;

    private readonly double[] mean;
    private readonly double[] variance;
    private readonly double[] batchMean;
    private readonly double[] batchVariance;

    /// <summary>Creates statistics for <paramref name="features"/> features.</summary>
    public RunningMeanStd(int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        mean = new double[features];
        variance = new double[features];
        batchMean = new double[features];
        batchVariance = new double[features];
        Array.Fill(variance, 1.0);
    }

    /// <summary>Features per row.</summary>
    public int Features => mean.Length;

    /// <summary>Rows seen plus the initial pseudo-count.</summary>
    public double Count { get; private set; } = InitialCount;

    /// <summary>The running mean per feature.</summary>
    public ReadOnlySpan<double> Mean => mean;

    /// <summary>The running (population) variance per feature.</summary>
    public ReadOnlySpan<double> Variance => variance;

    /// <summary>
    /// Merges a batch of rows (row-major, <see cref="Features"/> per row). Every value must be finite: one NaN or
    /// infinity would poison the statistics for good. A rejected batch leaves the statistics unchanged.
    /// </summary>
    public void Update(ReadOnlySpan<double> rows)
    {
        int features = mean.Length;
        if (rows.Length == 0 || rows.Length % features != 0)
        {
            throw new ArgumentException($"rows has {rows.Length} values; it must be a positive multiple of {features} features.", nameof(rows));
        }

        int n = rows.Length / features;
        Array.Clear(batchMean);
        Array.Clear(batchVariance);
        for (int r = 0; r < n; r++)
        {
            for (int f = 0; f < features; f++)
            {
                // Checked in the summing pass: no extra pass, and only the scratch sums are touched before a throw.
                double x = rows[(r * features) + f];
                if (!double.IsFinite(x))
                {
                    throw new ArgumentException(
                        $"rows[{(r * features) + f}] = {x.ToString(CultureInfo.InvariantCulture)} (row {r}, feature {f}) is not finite; every value must be finite.",
                        nameof(rows));
                }

                batchMean[f] += x;
            }
        }

        for (int f = 0; f < features; f++)
        {
            batchMean[f] /= n;
        }

        for (int r = 0; r < n; r++)
        {
            for (int f = 0; f < features; f++)
            {
                double d = rows[(r * features) + f] - batchMean[f];
                batchVariance[f] += d * d;
            }
        }

        double total = Count + n;
        for (int f = 0; f < features; f++)
        {
            double delta = batchMean[f] - mean[f];
            double m2 = (variance[f] * Count) + batchVariance[f] + (delta * delta * Count * n / total);
            mean[f] += delta * n / total;
            variance[f] = m2 / total;
        }

        Count = total;
    }

    /// <summary>
    /// Replaces the state (for resuming from a checkpoint) with <see cref="Count"/>, <see cref="Mean"/> and
    /// <see cref="Variance"/> as exported. The count must be finite and &gt; 0, the means finite, the variances finite
    /// and &gt;= 0. Everything is checked before anything is replaced: a rejected import leaves the state unchanged.
    /// </summary>
    public void Import(double count, ReadOnlySpan<double> importedMean, ReadOnlySpan<double> importedVariance)
    {
        if (!(count > 0) || !double.IsFinite(count))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be finite and > 0.");
        }

        RequireFeatures(importedMean.Length, nameof(importedMean));
        RequireFeatures(importedVariance.Length, nameof(importedVariance));
        for (int f = 0; f < importedMean.Length; f++)
        {
            if (!double.IsFinite(importedMean[f]))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(importedMean),
                    importedMean[f],
                    $"importedMean[{f}] = {importedMean[f].ToString(CultureInfo.InvariantCulture)}; every mean must be finite.");
            }
        }

        for (int f = 0; f < importedVariance.Length; f++)
        {
            if (!(importedVariance[f] >= 0) || !double.IsFinite(importedVariance[f]))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(importedVariance),
                    importedVariance[f],
                    $"importedVariance[{f}] = {importedVariance[f].ToString(CultureInfo.InvariantCulture)}; every variance must be finite and >= 0.");
            }
        }

        importedMean.CopyTo(mean);
        importedVariance.CopyTo(variance);
        Count = count;
    }

    private void RequireFeatures(int length, string name)
    {
        if (length != Features)
        {
            throw new ArgumentException($"{name} has {length} values; {Features} (one per feature) are needed.", name);
        }
    }
}
