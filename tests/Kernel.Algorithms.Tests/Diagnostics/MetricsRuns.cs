using Kernel.Algorithms.Diagnostics;

namespace Kernel.Algorithms.Tests.Diagnostics;

/// <summary>A small run's metrics for the metrics-file tests and (linked) the plot tests.</summary>
internal static class MetricsRuns
{
    /// <summary>The third update's exploded_at: quotes and a line break, which the CSV must quote.</summary>
    internal const string ExplodedAt = "gradient \"policy.0.weight\", step 3\nthen loss";

    /// <summary>Three updates of a run that explodes in the third: NaN, ±Infinity, a never-filled column, quoted text.</summary>
    internal static UpdateRecord[] ExplodingRun() =>
    [
        new UpdateRecord
        {
            Update = 1, Step = 2048, Episodes = 10, ReturnMean = -1234.5, ReturnStd = 100.25, RatioLog10Max = 0.0123,
            RatioLog10MaxClipped = 0.0414, RatioMax = 1.029, KlMean = 1.5e-4, KlMax = 2.25e-3, ApproxKl = 1e-4, Entropy = 1.42,
            StdMin = 0.9, MeanOutsideBox = 0, AdvAbsMean = 0.8, ValueLoss = 12.5, ExplainedVariance = -0.1, GradNorm = 0.75,
        },
        new UpdateRecord
        {
            Update = 2, Step = 4096, Episodes = 20, ReturnMean = double.NaN, ReturnStd = double.NaN, RatioLog10Max = 37.5,
            RatioLog10MaxClipped = 0.0414, RatioMax = double.PositiveInfinity, KlMean = 0.3, KlMax = double.NaN, ApproxKl = 5.5,
            Entropy = 0.7, StdMin = 3e-9, MeanOutsideBox = 4.5, AdvAbsMean = 0.6, ValueLoss = 11, ExplainedVariance = 0.2, GradNorm = 1e300,
        },
        new UpdateRecord
        {
            Update = 3, Step = 6144, Episodes = 30, ReturnMean = -900, ReturnStd = 0, RatioLog10Max = 400.25,
            RatioMax = double.PositiveInfinity, KlMean = double.NaN, KlMax = double.NaN, ApproxKl = double.NegativeInfinity,
            Entropy = double.NaN, StdMin = 0, MeanOutsideBox = double.NaN, AdvAbsMean = 0.5, GradNorm = double.PositiveInfinity,
            Exploded = true, ExplodedAt = ExplodedAt,
        },
    ];

    internal static void WriteRun(string runDirectory, IEnumerable<UpdateRecord> records)
    {
        using var writer = new MetricsWriter(runDirectory);
        foreach (UpdateRecord record in records)
        {
            writer.Write(record);
        }
    }
}
