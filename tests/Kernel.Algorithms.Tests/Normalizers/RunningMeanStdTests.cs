using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.Normalizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Normalizers;

/// <summary>
/// Running moments equal the exact moments of the prior (mean 0, variance 1, weight 1e-4) pooled with every row seen,
/// whatever the batch split; import/export round trip; bad input (ragged or non-finite rows, invalid imported state)
/// rejected without changing the state; allocation-free updates.
/// </summary>
public class RunningMeanStdTests
{
    [Fact]
    public void StartsFromThePrior()
    {
        var statistics = new RunningMeanStd(2);
        Assert.Equal(1e-4, statistics.Count);
        Assert.Equal([0.0, 0.0], statistics.Mean.ToArray());
        Assert.Equal([1.0, 1.0], statistics.Variance.ToArray());
    }

    [Fact]
    public void HandWorkedSingleBatch()
    {
        // Rows 1 and 3 (one feature): total weight 2.0001, mean = 4 / 2.0001,
        // var = (1e-4 * (1 + mean^2) + (1 - mean)^2 + (3 - mean)^2) / 2.0001 = 1.0001999800014998
        var statistics = new RunningMeanStd(1);
        statistics.Update([1.0, 3.0]);
        Assert.Equal(2.0001, statistics.Count, 1e-15);
        Assert.Equal(1.9999000049997497, statistics.Mean[0], 1e-14);
        Assert.Equal(1.0001999800014998, statistics.Variance[0], 1e-14);
    }

    [Fact]
    public void SeveralBatchesGiveThePooledMomentsOfEverythingSeen()
    {
        const int features = 3;
        var random = new Random(21);
        var statistics = new RunningMeanStd(features);
        var seen = new List<double>();
        foreach (int rows in new[] { 1, 7, 2, 30, 5 })
        {
            double[] batch = RandomRows(random, rows, features);
            statistics.Update(batch);
            seen.AddRange(batch);
            AssertMatchesPooled(seen.ToArray(), features, statistics, 1e-12);
        }
    }

    [Fact]
    public void AfterEnoughDataThePriorIsNegligible()
    {
        var random = new Random(22);
        double[] data = RandomRows(random, 5000, 1);
        var statistics = new RunningMeanStd(1);
        for (int start = 0; start < data.Length; start += 250)
        {
            statistics.Update(data.AsSpan(start, 250));
        }

        double mean = data.Average();
        double variance = data.Sum(x => (x - mean) * (x - mean)) / data.Length;
        Assert.Equal(1, statistics.Mean[0] / mean, 1e-3);
        Assert.Equal(1, statistics.Variance[0] / variance, 1e-3);
    }

    [Property(MaxTest = 100, Replay = "(1,3)")]
    public Property TheBatchSplitDoesNotMatter()
        => Prop.ForAll(RandomSplits().ToArbitrary(), static c => AssertSplitInvariant(c));

    [Fact]
    public void ExportAndImportRoundTrip()
    {
        var random = new Random(23);
        var original = new RunningMeanStd(2);
        original.Update(RandomRows(random, 9, 2));

        var restored = new RunningMeanStd(2);
        restored.Import(original.Count, original.Mean, original.Variance);
        Assert.Equal(original.Count, restored.Count);
        Assert.Equal(original.Mean.ToArray(), restored.Mean.ToArray());
        Assert.Equal(original.Variance.ToArray(), restored.Variance.ToArray());

        // Resumed statistics continue exactly like the originals.
        double[] next = RandomRows(random, 4, 2);
        original.Update(next);
        restored.Update(next);
        Assert.Equal(original.Count, restored.Count);
        Assert.Equal(original.Mean.ToArray(), restored.Mean.ToArray());
        Assert.Equal(original.Variance.ToArray(), restored.Variance.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ABadImportedCountIsRejectedWithoutChangingState(double count)
    {
        RunningMeanStd statistics = UpdatedStatistics();
        State before = State.Of(statistics);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => statistics.Import(count, [0.0, 0.0], [1.0, 1.0]));

        Assert.Equal("count", error.ParamName);
        Assert.Contains("finite and > 0", error.Message);
        before.AssertEqual(statistics);
    }

    [Theory]
    [InlineData(1, 2, "importedMean")]
    [InlineData(2, 1, "importedVariance")]
    [InlineData(3, 3, "importedMean")]
    public void ImportedStatisticsOfTheWrongWidthAreRejected(int means, int variances, string named)
    {
        RunningMeanStd statistics = UpdatedStatistics();
        State before = State.Of(statistics);

        var error = Assert.Throws<ArgumentException>(() => statistics.Import(5, new double[means], new double[variances]));

        Assert.Equal(named, error.ParamName);
        before.AssertEqual(statistics);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void ANonFiniteImportedMeanIsRejectedWithoutChangingState(double bad, string shown)
    {
        RunningMeanStd statistics = UpdatedStatistics();
        State before = State.Of(statistics);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => statistics.Import(5, [0.5, bad], [1.0, 1.0]));

        Assert.Equal("importedMean", error.ParamName);
        Assert.Contains($"importedMean[1] = {shown};", error.Message);
        Assert.Contains("finite", error.Message);
        before.AssertEqual(statistics);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(-1e-300, "-1E-300")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void ANegativeOrNonFiniteImportedVarianceIsRejectedWithoutChangingState(double bad, string shown)
    {
        RunningMeanStd statistics = UpdatedStatistics();
        State before = State.Of(statistics);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => statistics.Import(5, [0.5, 0.25], [bad, 1.0]));

        Assert.Equal("importedVariance", error.ParamName);
        Assert.Contains($"importedVariance[0] = {shown};", error.Message);
        Assert.Contains("finite and >= 0", error.Message);
        before.AssertEqual(statistics);
    }

    [Fact]
    public void AZeroImportedVarianceIsAccepted()
    {
        // A feature that never varied has variance 0; the normalisers add 1e-8 before the square root.
        var statistics = new RunningMeanStd(2);
        statistics.Import(3, [1.0, -2.0], [0.0, 4.0]);
        Assert.Equal([0.0, 4.0], statistics.Variance.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void RowsThatAreNotAPositiveMultipleOfTheFeaturesAreRejected(int length)
    {
        var statistics = new RunningMeanStd(2);
        var error = Assert.Throws<ArgumentException>(() => statistics.Update(new double[length]));
        Assert.Equal("rows", error.ParamName);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void NonFiniteRowsAreRejectedWithoutChangingState(double bad, string shown)
    {
        RunningMeanStd statistics = UpdatedStatistics();
        State before = State.Of(statistics);

        var error = Assert.Throws<ArgumentException>(() => statistics.Update([1.0, 2.0, 3.0, bad, 5.0, 6.0]));

        Assert.Equal("rows", error.ParamName);
        Assert.Contains($"rows[3] = {shown} (row 1, feature 1)", error.Message);
        before.AssertEqual(statistics);

        // The rejected batch left nothing behind in the scratch sums either: the next batch merges as if it never came.
        double[] next = [0.5, -0.5, 1.5, 2.5];
        RunningMeanStd reference = UpdatedStatistics();
        reference.Update(next);
        statistics.Update(next);
        State.Of(reference).AssertEqual(statistics);
    }

    [Fact]
    public void FewerThanOneFeatureIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RunningMeanStd(0));
        Assert.Equal("features", error.ParamName);
    }

    [Fact]
    public void UpdatingAllocatesNothingAfterWarmUp()
    {
        var statistics = new RunningMeanStd(4);
        double[] batch = RandomRows(new Random(24), 64, 4);
        statistics.Update(batch);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            statistics.Update(batch);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Two features after one batch of three rows, so a change to any part of the state would show.</summary>
    private static RunningMeanStd UpdatedStatistics()
    {
        var statistics = new RunningMeanStd(2);
        statistics.Update([1.0, -2.0, 4.0, 0.5, -3.0, 7.0]);
        return statistics;
    }

    /// <summary>
    /// The prior as a weighted sample (weight 1e-4, mean 0, variance 1) pooled with the data:
    /// mean = sum x / (1e-4 + n), var = (1e-4 * (1 + mean^2) + sum (x - mean)^2) / (1e-4 + n), per feature.
    /// </summary>
    private static void AssertMatchesPooled(double[] data, int features, RunningMeanStd statistics, double relativeTolerance)
    {
        int rows = data.Length / features;
        double total = RunningMeanStd.InitialCount + rows;
        Assert.Equal(total, statistics.Count, total * 1e-15);
        for (int f = 0; f < features; f++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++)
            {
                sum += data[(r * features) + f];
            }

            double mean = sum / total;
            double squares = RunningMeanStd.InitialCount * (1 + (mean * mean));
            for (int r = 0; r < rows; r++)
            {
                double d = data[(r * features) + f] - mean;
                squares += d * d;
            }

            AssertRelative(mean, statistics.Mean[f], relativeTolerance);
            AssertRelative(squares / total, statistics.Variance[f], relativeTolerance);
        }
    }

    private static void AssertRelative(double expected, double actual, double relativeTolerance)
        => Assert.True(
            Math.Abs(expected - actual) <= relativeTolerance * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R}, got {actual:R} (relative tolerance {relativeTolerance})");

    private static double[] RandomRows(Random random, int rows, int features)
    {
        double[] data = new double[rows * features];
        for (int i = 0; i < data.Length; i++)
        {
            // Each feature gets its own offset so a mix-up between features would show.
            data[i] = (i % features) - 1.5 + (4 * random.NextDouble());
        }

        return data;
    }

    private static Gen<SplitCase> RandomSplits()
        => from rows in Gen.Choose(1, 40)
           from features in Gen.Choose(1, 3)
           from cutCount in Gen.Choose(0, 6)
           from cuts in Gen.ArrayOf(Gen.Choose(1, rows), cutCount)
           from seed in Gen.Choose(0, int.MaxValue)
           select new SplitCase(rows, features, cuts, seed);

    private static void AssertSplitInvariant(SplitCase c)
    {
        double[] data = RandomRows(new Random(c.Seed), c.Rows, c.Features);
        var whole = new RunningMeanStd(c.Features);
        whole.Update(data);

        var split = new RunningMeanStd(c.Features);
        int[] boundaries = [.. c.Cuts.Append(0).Append(c.Rows).Distinct().Order()];
        for (int b = 1; b < boundaries.Length; b++)
        {
            split.Update(data.AsSpan(boundaries[b - 1] * c.Features, (boundaries[b] - boundaries[b - 1]) * c.Features));
        }

        AssertRelative(whole.Count, split.Count, 1e-12);
        for (int f = 0; f < c.Features; f++)
        {
            AssertRelative(whole.Mean[f], split.Mean[f], 1e-9);
            AssertRelative(whole.Variance[f], split.Variance[f], 1e-9);
        }

        AssertMatchesPooled(data, c.Features, split, 1e-9);
    }

    /// <summary>A snapshot of count, means and variances.</summary>
    private sealed record State(double Count, double[] Mean, double[] Variance)
    {
        public static State Of(RunningMeanStd statistics) => new(statistics.Count, statistics.Mean.ToArray(), statistics.Variance.ToArray());

        public void AssertEqual(RunningMeanStd statistics)
        {
            Assert.Equal(Count, statistics.Count);
            Assert.Equal(Mean, statistics.Mean.ToArray());
            Assert.Equal(Variance, statistics.Variance.ToArray());
        }
    }

    /// <summary>One generated split: <see cref="Rows"/> rows cut before each row index in <see cref="Cuts"/>.</summary>
    private sealed record SplitCase(int Rows, int Features, int[] Cuts, int Seed);
}
