using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Sweeps;

public sealed class MeanIntervalTests
{
    [Fact]
    public void ThreeValuesGetTheTIntervalWithTwoDegreesOfFreedom()
    {
        MeanInterval interval = MeanInterval.Of([1, 2, 3, double.NaN]);
        double half = 4.303 * 1 / Math.Sqrt(3); // s = 1
        Assert.Equal(3, interval.Count);
        Assert.Equal(2, interval.Mean, 12);
        Assert.Equal(2 - half, interval.Lower, 12);
        Assert.Equal(2 + half, interval.Upper, 12);
    }

    [Fact]
    public void OneValueIsItsOwnIntervalAndNoneIsNan()
    {
        Assert.Equal(new MeanInterval(5, 5, 5, 1), MeanInterval.Of([5, double.PositiveInfinity]));
        Assert.True(double.IsNaN(MeanInterval.Of([]).Mean));
    }

    [Fact]
    public void PastTheTableTheQuantileApproachesTheNormalOne()
    {
        Assert.Equal(2.042, MeanInterval.TQuantile975(30));
        Assert.InRange(MeanInterval.TQuantile975(31), 2.035, 2.041); // the table's t(0.975, 31) is 2.040
        Assert.InRange(MeanInterval.TQuantile975(1000), 1.9623, 1.9624); // t(0.975, 1000) = 1.96234
    }
}
