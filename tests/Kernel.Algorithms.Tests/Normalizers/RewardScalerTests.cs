using Kernel.Algorithms.Normalizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Normalizers;

/// <summary>
/// Reward scaling (seed 001 appendix Algorithm 1, clipped as in 9.2.1) per env copy, with the return restarting at
/// episode ends; bad spans and non-finite rewards rejected by name without changing state; exact checkpoint round trip.
/// </summary>
public class RewardScalerTests
{
    [Fact]
    public void HandWorkedThreeStepsForTwoEnvs()
    {
        // gamma = 0.5. R = gamma R + r per copy; statistics over every R seen so far, pooled with the prior
        // (weight 1e-4, mean 0, var 1): var = (1e-4 (1 + m^2) + sum (R - m)^2) / (1e-4 + n), m = sum R / (1e-4 + n).
        // step 1: r = [1, 2]                         R = [1, 2]        var = 0.25014998687593737
        //         scaled = r / sqrt(var + 1e-8) = [1.9994002823500832, 3.9988005647001663]
        // step 2: r = [2, -0.5], env 0 terminated    R = [2.5, 0.5]    var = 0.6250656219532363
        //         scaled = [2.52968930886115, -0.6324223272152875]; then R0 restarts at 0
        // step 3: r = [4, 1], env 1 truncated        R = [4, 1.25]     var = 1.328178123138068
        //         scaled = [3.47081789880119, 0.8677044747002975]; then R1 restarts at 0
        // (Without the restart R0 would be 5.25 at step 3.)
        var scaler = new RewardScaler(2, gamma: 0.5);
        double[] destination = new double[2];

        scaler.Scale([1.0, 2.0], [false, false], [false, false], destination);
        Assert.Equal([1.0, 2.0], scaler.DiscountedReturns.ToArray());
        Assert.Equal(0.25014998687593737, scaler.Statistics.Variance[0], 1e-14);
        Assert.Equal(1.9994002823500832, destination[0], 1e-13);
        Assert.Equal(3.9988005647001663, destination[1], 1e-13);

        scaler.Scale([2.0, -0.5], [true, false], [false, false], destination);
        Assert.Equal([0.0, 0.5], scaler.DiscountedReturns.ToArray());
        Assert.Equal(0.6250656219532363, scaler.Statistics.Variance[0], 1e-14);
        Assert.Equal(2.52968930886115, destination[0], 1e-13);
        Assert.Equal(-0.6324223272152875, destination[1], 1e-13);

        scaler.Scale([4.0, 1.0], [false, false], [false, true], destination);
        Assert.Equal([4.0, 0.0], scaler.DiscountedReturns.ToArray());
        Assert.Equal(1.328178123138068, scaler.Statistics.Variance[0], 1e-14);
        Assert.Equal(3.47081789880119, destination[0], 1e-13);
        Assert.Equal(0.8677044747002975, destination[1], 1e-13);
    }

    [Fact]
    public void ScaledRewardsAreClippedAtBothBounds()
    {
        // After one step of equal rewards the returns have almost no spread (var ~ 5e-4), so r / std ~ +-134.
        var positive = new RewardScaler(2, gamma: 0.99, clip: 10);
        double[] destination = new double[2];
        positive.Scale([3.0, 3.0], [false, false], [false, false], destination);
        Assert.Equal([10.0, 10.0], destination);

        var negative = new RewardScaler(2, gamma: 0.99, clip: 10);
        negative.Scale([-3.0, -3.0], [false, false], [false, false], destination);
        Assert.Equal([-10.0, -10.0], destination);
    }

    [Fact]
    public void TheMeanIsNotSubtracted()
    {
        // A constant reward keeps its sign however large the running mean of R grows (clip wide enough not to interfere).
        var scaler = new RewardScaler(1, gamma: 0.9, clip: 1e6);
        double[] destination = new double[1];
        for (int step = 0; step < 20; step++)
        {
            scaler.Scale([1.0], [false], [false], destination);
            Assert.Equal(1.0 / Math.Sqrt(scaler.Statistics.Variance[0] + RewardScaler.Epsilon), destination[0], 1e-15);
            Assert.True(destination[0] > 0);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void FewerThanOneEnvIsRejected(int envs)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RewardScaler(envs, 0.99));
        Assert.Equal("envs", error.ParamName);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void ABadGammaIsRejected(double gamma)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RewardScaler(1, gamma));
        Assert.Equal("gamma", error.ParamName);
        Assert.Contains("[0, 1]", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(double.NaN)]
    public void ABadClipIsRejected(double clip)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RewardScaler(1, 0.99, clip));
        Assert.Equal("clip", error.ParamName);
    }

    [Theory]
    [InlineData("rewards")]
    [InlineData("terminated")]
    [InlineData("truncated")]
    [InlineData("destination")]
    public void ASpanForTheWrongNumberOfEnvsIsNamedAndChangesNothing(string wrong)
    {
        RewardScaler scaler = WarmScaler();
        ScalerState before = ScalerState.Of(scaler);
        double[] Doubles(string name) => new double[name == wrong ? 3 : 2];
        bool[] Flags(string name) => new bool[name == wrong ? 1 : 2];

        var error = Assert.Throws<ArgumentException>(() => scaler.Scale(Doubles("rewards"), Flags("terminated"), Flags("truncated"), Doubles("destination")));

        Assert.Equal(wrong, error.ParamName);
        Assert.Contains($"{wrong} has {(wrong is "terminated" or "truncated" ? 1 : 3)} values; 2", error.Message);
        before.AssertEqual(scaler);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void ANonFiniteRewardIsNamedWithItsIndexAndChangesNothing(double bad, string shown)
    {
        RewardScaler scaler = WarmScaler();
        ScalerState before = ScalerState.Of(scaler);
        double[] destination = [7.0, 7.0];

        var error = Assert.Throws<ArgumentException>(() => scaler.Scale([0.5, bad], [false, false], [false, false], destination));

        Assert.Equal("rewards", error.ParamName);
        Assert.Contains($"rewards[1] = {shown} is not finite", error.Message);
        before.AssertEqual(scaler);
        Assert.Equal([7.0, 7.0], destination);
    }

    [Fact]
    public void AFiniteRewardThatOverflowsTheDiscountedReturnIsRejectedAndChangesNothing()
    {
        var scaler = new RewardScaler(1, gamma: 1);
        double[] destination = new double[1];
        scaler.Scale([1e308], [false], [false], destination);
        ScalerState before = ScalerState.Of(scaler);

        // R = 1e308 + 1e308 is +inf.
        var error = Assert.Throws<ArgumentException>(() => scaler.Scale([1e308], [false], [false], destination));

        Assert.Equal("rewards", error.ParamName);
        Assert.Contains("rewards[0] = 1E+308 overflows the discounted return of copy 0", error.Message);
        before.AssertEqual(scaler);
    }

    [Fact]
    public void ScalingInPlaceReadsEachRewardBeforeOverwritingIt()
    {
        var scaler = new RewardScaler(2, gamma: 0.5);
        var reference = new RewardScaler(2, gamma: 0.5);
        double[] expected = new double[2];
        double[] buffer = [1.0, 2.0];

        reference.Scale([1.0, 2.0], [false, false], [false, false], expected);
        scaler.Scale(buffer, [false, false], [false, false], buffer);

        Assert.Equal(expected, buffer);
    }

    [Fact]
    public void RestoringACheckpointContinuesScalingExactly()
    {
        var random = new Random(41);
        var original = new RewardScaler(3, gamma: 0.97, clip: 5);
        double[] destination = new double[3];
        for (int step = 0; step < 25; step++)
        {
            Step history = Step.Random(random, 3);
            original.Scale(history.Rewards, history.Terminated, history.Truncated, destination);
        }

        // The restored scaler has had a different history of its own: the import must replace all of it.
        var restored = new RewardScaler(3, gamma: 0.97, clip: 5);
        restored.Scale([100.0, -50.0, 3.0], [false, false, false], [false, false, false], destination);
        restored.Import(original.DiscountedReturns, original.Statistics.Count, original.Statistics.Mean, original.Statistics.Variance);
        ScalerState.Of(original).AssertEqual(restored);

        double[] fromOriginal = new double[3];
        double[] fromRestored = new double[3];
        for (int step = 0; step < 25; step++)
        {
            Step next = Step.Random(random, 3);
            original.Scale(next.Rewards, next.Terminated, next.Truncated, fromOriginal);
            restored.Scale(next.Rewards, next.Terminated, next.Truncated, fromRestored);
            Assert.Equal(fromOriginal, fromRestored);
        }

        ScalerState.Of(original).AssertEqual(restored);
    }

    [Theory]
    [InlineData("importedDiscountedReturns length")]
    [InlineData("importedDiscountedReturns NaN")]
    [InlineData("importedDiscountedReturns -Infinity")]
    [InlineData("count")]
    [InlineData("importedMean length")]
    [InlineData("importedMean NaN")]
    [InlineData("importedVariance length")]
    [InlineData("importedVariance -1")]
    public void ABadCheckpointIsNamedAndChangesNothing(string bad)
    {
        RewardScaler scaler = WarmScaler();
        ScalerState before = ScalerState.Of(scaler);
        double[] returns = bad switch
        {
            "importedDiscountedReturns length" => [1.0, 2.0, 3.0],
            "importedDiscountedReturns NaN" => [1.0, double.NaN],
            "importedDiscountedReturns -Infinity" => [double.NegativeInfinity, 1.0],
            _ => [1.0, 2.0],
        };
        double count = bad == "count" ? 0 : 10;
        double[] mean = bad switch
        {
            "importedMean length" => [0.5, 0.5],
            "importedMean NaN" => [double.NaN],
            _ => [0.5],
        };
        double[] variance = bad switch
        {
            "importedVariance length" => [],
            "importedVariance -1" => [-1.0],
            _ => [2.0],
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => scaler.Import(returns, count, mean, variance));

        Assert.Equal(bad.Split(' ')[0], error.ParamName);
        before.AssertEqual(scaler);
    }

    [Fact]
    public void ANonFiniteImportedReturnIsReportedWithItsIndexAndValue()
    {
        var scaler = new RewardScaler(2, 0.99);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => scaler.Import([1.0, double.PositiveInfinity], 10, [0.5], [2.0]));
        Assert.Equal("importedDiscountedReturns", error.ParamName);
        Assert.Contains("importedDiscountedReturns[1] = Infinity; every discounted return must be finite", error.Message);
    }

    [Fact]
    public void ScalingAllocatesNothingAfterWarmUp()
    {
        var scaler = new RewardScaler(8, 0.99);
        double[] rewards = [1, -2, 0.5, 3, 0, 1, 2, -1];
        bool[] terminated = [false, true, false, false, false, false, false, false];
        bool[] truncated = [false, false, false, false, true, false, false, false];
        double[] destination = new double[8];
        scaler.Scale(rewards, terminated, truncated, destination);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            scaler.Scale(rewards, terminated, truncated, destination);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Two copies after two steps, so both returns and the statistics are away from their initial values.</summary>
    private static RewardScaler WarmScaler()
    {
        var scaler = new RewardScaler(2, 0.9);
        double[] destination = new double[2];
        scaler.Scale([1.0, -2.0], [false, false], [false, false], destination);
        scaler.Scale([0.5, 3.0], [false, false], [false, false], destination);
        return scaler;
    }

    /// <summary>A snapshot of everything a checkpoint holds.</summary>
    private sealed record ScalerState(double[] DiscountedReturns, double Count, double Mean, double Variance)
    {
        public static ScalerState Of(RewardScaler scaler)
            => new(scaler.DiscountedReturns.ToArray(), scaler.Statistics.Count, scaler.Statistics.Mean[0], scaler.Statistics.Variance[0]);

        public void AssertEqual(RewardScaler scaler)
        {
            Assert.Equal(DiscountedReturns, scaler.DiscountedReturns.ToArray());
            Assert.Equal(Count, scaler.Statistics.Count);
            Assert.Equal(Mean, scaler.Statistics.Mean[0]);
            Assert.Equal(Variance, scaler.Statistics.Variance[0]);
        }
    }

    /// <summary>One step of every copy: rewards in [-2, 2], each episode ending with probability 0.1 either way.</summary>
    private sealed record Step(double[] Rewards, bool[] Terminated, bool[] Truncated)
    {
        public static Step Random(Random random, int envs)
        {
            var step = new Step(new double[envs], new bool[envs], new bool[envs]);
            for (int i = 0; i < envs; i++)
            {
                step.Rewards[i] = (4 * random.NextDouble()) - 2;
                step.Terminated[i] = random.NextDouble() < 0.1;
                step.Truncated[i] = random.NextDouble() < 0.1;
            }

            return step;
        }
    }
}
