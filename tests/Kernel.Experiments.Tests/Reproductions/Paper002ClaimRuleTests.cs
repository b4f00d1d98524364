using Kernel.Experiments.Reproductions;
using Kernel.Experiments.Reproductions.Paper002;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>The claim rules of 002-fig6 and 002-fig8 on hand-made numbers, and the landscape.csv reader they use.</summary>
public sealed class Paper002ClaimRuleTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-p002-rules-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(-100, -10, -20, -50, Verdict.Reproduced)]
    [InlineData(-100, -10, -200, -50, Verdict.Partly)]
    [InlineData(-10, -20, -30, -5, Verdict.NotReproduced)]
    [InlineData(double.NaN, -10, -20, double.NaN, Verdict.Reproduced)] // a failed run (no J) counts as the lowest
    public void SigmaRuleNeedsBothSucceedingSigmasAboveBothFailingOnes(double s0005, double s005, double s05, double s5, Verdict expected)
    {
        var finals = new Dictionary<string, double> { ["0.005"] = s0005, ["0.05"] = s005, ["0.5"] = s05, ["5"] = s5 };
        Assert.Equal(expected, Fig6SigmaSweepExperiment.SigmaVerdict(finals));
    }

    [Theory]
    [InlineData(900, 100, 50, 800, Verdict.Reproduced)]
    [InlineData(900, 100, 50, 1000, Verdict.Partly)]
    [InlineData(90, 100, 50, 10, Verdict.NotReproduced)]
    [InlineData(double.NaN, 100, 50, 10, Verdict.NotReproduced)]
    public void VarianceRuleWantsSigma0005Largest(double s0005, double s005, double s05, double s5, Verdict expected)
    {
        var variances = new Dictionary<string, double> { ["0.005"] = s0005, ["0.05"] = s005, ["0.5"] = s05, ["5"] = s5 };
        Assert.Equal(expected, Fig6SigmaSweepExperiment.VarianceVerdict(variances));
    }

    [Theory]
    [InlineData(0.6, 0.95, Verdict.Reproduced)]
    [InlineData(0.6, 0.65, Verdict.Partly)]
    [InlineData(0.9, 0.8, Verdict.NotReproduced)]
    [InlineData(double.NaN, 0.8, Verdict.NotReproduced)]
    public void SmoothingRuleComparesTheRoughnessExponents(double alpha0, double alphaK, Verdict expected) =>
        Assert.Equal(expected, Fig6SigmaSweepExperiment.SmoothingVerdict(alpha0, alphaK));

    [Fact]
    public void FinalReturnIsTheLastQuarterAndVarianceThePopulationOne()
    {
        Assert.Equal(7.5, Fig6SigmaSweepExperiment.FinalReturn([1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.Equal(3, Fig6SigmaSweepExperiment.FinalReturn([1, 2, 3]));
        Assert.Equal(1, Fig6SigmaSweepExperiment.Variance([1, 3]));
    }

    [Theory]
    [InlineData(new[] { -1.0, -2, -1.5 }, true)]
    [InlineData(new[] { -1.0, -0.9 }, false)] // rises after one epoch
    [InlineData(new[] { -1.0, -2, -0.5 }, false)] // comes back above J(theta_0)
    [InlineData(new[] { -1.0, -2, -1 }, false)] // returns to J(theta_0)
    [InlineData(new[] { -1.0 }, false)]
    public void TheFallRuleWantsJBelowJ0FromEpoch1On(double[] returns, bool expected) =>
        Assert.Equal(expected, Fig8QuadrotorSpikeExperiment.FallsAndStaysBelow(returns));

    [Fact]
    public void SpikeShareIsTheDropWithinSigmaOverTheSpanWhenTheCentreIsTheMaximum()
    {
        double[] a = [-0.2, -0.1, 0, 0.1, 0.2];
        Assert.Equal(0.9, Fig8QuadrotorSpikeExperiment.SpikeDropShare(a, [-10, -9, 0, -8, -10], 0.1), 12);
        Assert.Equal(0.25, Fig8QuadrotorSpikeExperiment.SpikeDropShare(a, [-4, -1, 0, -1, -4], 0.1), 12); // a smooth bowl
        Assert.True(double.IsNaN(Fig8QuadrotorSpikeExperiment.SpikeDropShare(a, [-4, 1, 0, -1, -4], 0.1))); // centre not the maximum
        Assert.True(double.IsNaN(Fig8QuadrotorSpikeExperiment.SpikeDropShare([-0.2, 0.2], [-1, -1], 0.1))); // no centre
    }

    [Fact]
    public void LandscapeCsvIsReadIntoAGridWithItsCentre()
    {
        File.WriteAllText(Path.Combine(directory, LandscapeCellData.FileName), string.Join('\n',
            "precision,a,b,mean,std",
            "fp32,-1,-1,99,0", "fp64,-1,-1,1,0", "fp64,0,-1,2,0", "fp64,1,-1,3,0",
            "fp64,-1,0,4,0", "fp64,0,0,5,0", "fp64,1,0,6,0",
            "fp64,-1,1,7,0", "fp64,0,1,8,0", "fp64,1,1,9,0", string.Empty));
        LandscapeCellData data = LandscapeCellData.Read(directory)!;
        Assert.Equal([-1.0, 0, 1], data.A);
        Assert.Equal([-1.0, 0, 1], data.B);
        Assert.Equal(5, data.Centre);
        Assert.Equal(8, data.Values[2, 1]);
        Assert.Equal([1.0, 2, 3], data.Profile);
        Assert.Null(LandscapeCellData.Read(Path.Combine(directory, "absent")));
    }
}
