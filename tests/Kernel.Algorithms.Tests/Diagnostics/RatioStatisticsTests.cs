using Kernel.Algorithms.Diagnostics;
using Xunit;

namespace Kernel.Algorithms.Tests.Diagnostics;

public class RatioStatisticsTests
{
    [Fact]
    public void StatisticsMatchTheDefinitionsOnAHandWorkedBatch()
    {
        // log r = ln 2, ln 0.5, 0, ln 1000 with advantages +1, -1, +1, -1 and eps = 0.2.
        double[] logRatio = [Math.Log(2), Math.Log(0.5), 0, Math.Log(1000)];
        double[] advantages = [1, -1, 1, -1];
        var statistics = new RatioStatistics();
        statistics.Add(logRatio, advantages, 0.2);

        Assert.Equal(3, statistics.Log10Max, 12);                 // log10 1000
        // clipped: A>0 r=2 -> 1.2; A<0 r=0.5 -> 0.8; A>0 r=1 -> 1; A<0 r=1000 -> 1000 (max(r, 0.8)).
        Assert.Equal(3, statistics.Log10MaxClipped, 12);
        Assert.Equal(0.75, statistics.ClipFraction);              // 2, 0.5 and 1000 lie outside [0.8, 1.2]
        // k3 = (r - 1) - ln r: (1 - ln 2) + (-0.5 + ln 2) + 0 + (999 - ln 1000)
        double expected = ((1 - Math.Log(2)) + (-0.5 + Math.Log(2)) + (999 - Math.Log(1000))) / 4;
        Assert.Equal(expected, statistics.ApproxKl, 12);
        Assert.Equal(4, statistics.Count);
    }

    [Fact]
    public void TheClippedMaximumCapsPositiveAdvantagesAtOnePlusEps()
    {
        var statistics = new RatioStatistics();
        statistics.Add([Math.Log(50), Math.Log(0.1)], [2.0, -3.0], 0.2);
        Assert.Equal(Math.Log10(50), statistics.Log10Max, 12);
        Assert.Equal(Math.Log10(1.2), statistics.Log10MaxClipped, 12);
    }

    [Fact]
    public void RatiosThatOverflowEveryFormatStillGiveAFiniteLog10Max()
    {
        var statistics = new RatioStatistics();
        statistics.Add([2000.0, 0.1], [1.0, 1.0], null);
        Assert.Equal(2000 / Math.Log(10), statistics.Log10Max, 9);
        Assert.Equal(double.NegativeInfinity, statistics.Log10MaxClipped);
        Assert.Equal(double.PositiveInfinity, statistics.ApproxKl);   // e^2000 itself is beyond fp64
        Assert.True(double.IsNaN(statistics.ClipFraction) || statistics.ClipFraction == 0);
    }

    [Fact]
    public void MinibatchesAccumulateAndClearForgets()
    {
        var statistics = new RatioStatistics();
        statistics.Add([0.5], [1.0], 0.1);
        statistics.Add([-0.01, 0.01], [1.0, 1.0], 0.1);
        Assert.Equal(3, statistics.Count);
        Assert.Equal(0.5 / Math.Log(10), statistics.Log10Max, 14);
        Assert.Equal(1.0 / 3, statistics.ClipFraction, 14);
        statistics.Clear();
        Assert.Equal(0, statistics.Count);
        Assert.True(double.IsNaN(statistics.ApproxKl));
        Assert.Equal(double.NegativeInfinity, statistics.Log10Max);
    }

    [Theory]
    [InlineData(1e-9)]
    [InlineData(-3e-5)]
    [InlineData(0.0099)]
    [InlineData(-0.0099)]
    public void SmallLogRatiosKeepTheirDigitsInTheK3Estimator(double x)
    {
        var statistics = new RatioStatistics();
        statistics.Add([x], [1.0], null);
        // e^x - 1 - x by its Taylor series to x^12, far beyond double precision for |x| < 0.01.
        double term = x * x / 2, sum = 0;
        for (int k = 3; k <= 13; k++)
        {
            sum += term;
            term *= x / k;
        }

        Assert.Equal(sum, statistics.ApproxKl, sum * 1e-15);
    }

    [Fact]
    public void BadInputNamesTheParameter()
    {
        var statistics = new RatioStatistics();
        Assert.Equal("advantages", Assert.Throws<ArgumentException>(() => statistics.Add([0.0, 1.0], [1.0], 0.2)).ParamName);
        Assert.Equal("clipEpsilon", Assert.Throws<ArgumentOutOfRangeException>(() => statistics.Add([0.0], [1.0], 1.5)).ParamName);
    }
}
