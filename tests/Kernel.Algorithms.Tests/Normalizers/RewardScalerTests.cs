using Kernel.Algorithms.Normalizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Normalizers;

/// <summary>Reward scaling (seed 001 appendix Algorithm 1, clipped as in 9.2.1) per env copy, with the return restarting at episode ends.</summary>
public class RewardScalerTests
{
    [Fact]
    public void Hand_worked_three_steps_for_two_envs()
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
    public void Scaled_rewards_are_clipped_at_both_bounds()
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
    public void The_mean_is_not_subtracted()
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
    public void Fewer_than_one_env_is_rejected(int envs)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RewardScaler(envs, 0.99));
        Assert.Equal("envs", error.ParamName);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_bad_gamma_is_rejected(double gamma)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RewardScaler(1, gamma));
        Assert.Equal("gamma", error.ParamName);
        Assert.Contains("[0, 1]", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(double.NaN)]
    public void A_bad_clip_is_rejected(double clip)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RewardScaler(1, 0.99, clip));
        Assert.Equal("clip", error.ParamName);
    }

    [Fact]
    public void Rewards_for_the_wrong_number_of_envs_are_rejected_without_changing_state()
    {
        var scaler = new RewardScaler(2, 0.99);
        var error = Assert.Throws<ArgumentException>(() => scaler.Scale([1.0, 2.0, 3.0], [false, false], [false, false], new double[2]));
        Assert.Equal("rewards", error.ParamName);
        Assert.Equal([0.0, 0.0], scaler.DiscountedReturns.ToArray());
        Assert.Equal(RunningMeanStd.InitialCount, scaler.Statistics.Count);
    }

    [Fact]
    public void Scaling_allocates_nothing_after_warm_up()
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
}
