using Kernel.Algorithms.Normalizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Normalizers;

public sealed class RewardScalerFrozenTests
{
    [Fact]
    public void FrozenScalingDividesByTheCurrentStdClipsAndChangesNoState()
    {
        var scaler = new RewardScaler(2, 0.9, clip: 5);
        scaler.Scale([1.0, 3.0], [false, false], [false, false], new double[2]);
        scaler.Scale([2.0, -1.0], [false, true], [false, false], new double[2]);
        double[] returns = scaler.DiscountedReturns.ToArray();
        double count = scaler.Statistics.Count, variance = scaler.Statistics.Variance[0];
        double std = Math.Sqrt(variance + RewardScaler.Epsilon);

        var scaled = new double[2];
        scaler.ScaleFrozen([0.5, 1000.0], scaled);

        Assert.Equal(0.5 / std, scaled[0]);
        Assert.Equal(5, scaled[1]);
        Assert.Equal(returns, scaler.DiscountedReturns.ToArray());
        Assert.Equal(count, scaler.Statistics.Count);
        Assert.Equal(variance, scaler.Statistics.Variance[0]);
    }
}
