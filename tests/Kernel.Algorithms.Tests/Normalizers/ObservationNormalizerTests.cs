using Kernel.Algorithms.Normalizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Normalizers;

/// <summary>Observation normalisation: per-feature (x - mean) / sqrt(var + 1e-8), clipped, with an update switch.</summary>
public class ObservationNormalizerTests
{
    [Fact]
    public void EachFeatureUsesItsOwnStatistics()
    {
        // Feature 0: mean 2, var 4; feature 1: mean -1, var 0.25.
        var normalizer = new ObservationNormalizer(2);
        normalizer.Statistics.Import(10, [2.0, -1.0], [4.0, 0.25]);
        double[] rows = [4.0, -0.5, 0.0, -2.0];
        double[] destination = new double[4];

        normalizer.Normalize(rows, destination, update: false);

        // (4 - 2) / sqrt(4 + 1e-8), (-0.5 + 1) / sqrt(0.25 + 1e-8), (0 - 2) / sqrt(4 + 1e-8), (-2 + 1) / sqrt(0.25 + 1e-8)
        Assert.Equal(2 / Math.Sqrt(4 + 1e-8), destination[0], 1e-15);
        Assert.Equal(0.5 / Math.Sqrt(0.25 + 1e-8), destination[1], 1e-15);
        Assert.Equal(-2 / Math.Sqrt(4 + 1e-8), destination[2], 1e-15);
        Assert.Equal(-1 / Math.Sqrt(0.25 + 1e-8), destination[3], 1e-15);
    }

    [Fact]
    public void ValuesBeyondTheBoundsAreClippedAtBothEnds()
    {
        var normalizer = new ObservationNormalizer(1, clip: 5);
        normalizer.Statistics.Import(1, [0.0], [1.0]);
        double[] rows = [100.0, -100.0, 4.0, 5.0, -5.0];
        double[] destination = new double[5];

        normalizer.Normalize(rows, destination, update: false);

        Assert.Equal(5.0, destination[0]);
        Assert.Equal(-5.0, destination[1]);
        Assert.Equal(4 / Math.Sqrt(1 + 1e-8), destination[2], 1e-15);

        // 5 / sqrt(1 + 1e-8) is just inside the bound: clipping must not touch it.
        Assert.Equal(5 / Math.Sqrt(1 + 1e-8), destination[3], 1e-15);
        Assert.Equal(-5 / Math.Sqrt(1 + 1e-8), destination[4], 1e-15);
    }

    [Fact]
    public void WithUpdateOffTheStatisticsStayUnchanged()
    {
        var normalizer = new ObservationNormalizer(2);
        normalizer.Normalize([1.0, 2.0, 3.0, 5.0], new double[4], update: true);
        double count = normalizer.Statistics.Count;
        double[] mean = normalizer.Statistics.Mean.ToArray();
        double[] variance = normalizer.Statistics.Variance.ToArray();

        normalizer.Normalize([50.0, -50.0, 7.0, 8.0], new double[4], update: false);

        Assert.Equal(count, normalizer.Statistics.Count);
        Assert.Equal(mean, normalizer.Statistics.Mean.ToArray());
        Assert.Equal(variance, normalizer.Statistics.Variance.ToArray());
    }

    [Fact]
    public void WithUpdateOnTheBatchIsMergedBeforeNormalising()
    {
        double[] rows = [1.0, 2.0, 3.0, 5.0, -1.0, 0.5];
        var reference = new RunningMeanStd(2);
        reference.Update(rows);

        var normalizer = new ObservationNormalizer(2);
        double[] destination = new double[6];
        normalizer.Normalize(rows, destination, update: true);

        Assert.Equal(reference.Count, normalizer.Statistics.Count);
        for (int i = 0; i < rows.Length; i++)
        {
            int f = i % 2;
            double expected = (rows[i] - reference.Mean[f]) / Math.Sqrt(reference.Variance[f] + ObservationNormalizer.Epsilon);
            Assert.Equal(expected, destination[i], 1e-15);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ABadClipIsRejected(double clip)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ObservationNormalizer(3, clip));
        Assert.Equal("clip", error.ParamName);
    }

    [Fact]
    public void ADestinationOfTheWrongLengthIsRejected()
    {
        var normalizer = new ObservationNormalizer(2);
        var error = Assert.Throws<ArgumentException>(() => normalizer.Normalize(new double[4], new double[2], update: true));
        Assert.Equal("destination", error.ParamName);
        Assert.Equal(RunningMeanStd.InitialCount, normalizer.Statistics.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RowsThatAreNotAMultipleOfTheFeaturesAreRejectedWhetherUpdatingOrNot(bool update)
    {
        var normalizer = new ObservationNormalizer(2);
        var error = Assert.Throws<ArgumentException>(() => normalizer.Normalize(new double[5], new double[5], update));
        Assert.Equal("rows", error.ParamName);
        Assert.Contains("rows has 5 values", error.Message);
        Assert.Contains("2 features", error.Message);
        Assert.Equal(RunningMeanStd.InitialCount, normalizer.Statistics.Count);
    }

    [Fact]
    public void NormalizingAllocatesNothingAfterWarmUp()
    {
        var normalizer = new ObservationNormalizer(17);
        var random = new Random(31);
        double[] rows = new double[64 * 17];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = (2 * random.NextDouble()) - 1;
        }

        double[] destination = new double[rows.Length];
        normalizer.Normalize(rows, destination, update: true);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            normalizer.Normalize(rows, destination, update: i % 2 == 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
