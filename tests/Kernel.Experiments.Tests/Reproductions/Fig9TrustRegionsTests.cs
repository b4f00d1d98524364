using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Kernel.Experiments.Reproductions;
using Kernel.Experiments.Reproductions.Paper001;
using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>001-fig9's plan: PPO, PPO-M and TRPO compared like for like (issue 18, item 4), held-out measurement on, and the quick budget's size.</summary>
public sealed class Fig9TrustRegionsTests
{
    private static TrainConfig Resolve(SweepCell cell)
        => TrainConfigReader.FromDefaults(cell.Get("algo")!, cell.Options.Where(option => option.Key != "algo").ToDictionary(option => Settings.All.Single(setting => setting.OptionName == option.Key).Key, option => option.Value));

    [Theory]
    [InlineData(Budget.Smoke)]
    [InlineData(Budget.Quick)]
    [InlineData(Budget.Paper)]
    public void TheThreeAlgorithmsShareOneActionDistributionAndMeasureHeldOutTrajectories(Budget budget)
    {
        SweepCell[] cells = [.. new Fig9TrustRegionsExperiment().Plan(budget).Sweep.Cells];
        TrainConfig[] configs = [.. cells.Select(Resolve)];

        Assert.Equal(["ppo", "ppo-m", "trpo"], configs.Select(config => config.Algo).Distinct().Order(StringComparer.Ordinal));
        Assert.All(configs, config =>
        {
            Assert.False(config.Policy.Squash);
            Assert.Equal(LogProbPoint.RawSample, config.Policy.Gaussian.LogProbAt);
            Assert.Equal(MeanTransform.None, config.Policy.Gaussian.MeanTransform);
            Assert.Equal(StdParameterization.LogStd, config.Policy.Gaussian.Std);
            Assert.Equal(configs[0].Policy.InitialStd, config.Policy.InitialStd);
            Assert.Equal(configs[0].Policy.Hidden, config.Policy.Hidden);
            Assert.Equal(Fig9TrustRegionsExperiment.BatchSize, config.BatchSize);
            Assert.True(config.HeldoutSteps > 0);
        });
        Assert.All(configs.Where(config => config.Algo == "trpo"), config => Assert.Equal(Fig9TrustRegionsExperiment.Delta, config.TrustRegion.MaxKl));
        Assert.All(configs.Where(config => config.Algo != "trpo"), config => Assert.Equal(Fig9TrustRegionsExperiment.ClipEpsilon, config.Surrogate.ClipEpsilon));
    }

    [Fact]
    public void TheQuickBudgetRunsHopperWithin15MinutesOnOneJobAndThePaperBudgetHumanoidWith3AgentsEach()
    {
        var experiment = new Fig9TrustRegionsExperiment();
        ExperimentPlan quick = experiment.Plan(Budget.Quick);
        Assert.All(quick.Sweep.Cells, cell => Assert.Equal("Hopper-v4", cell.Get("env")));
        Assert.True(TimeEstimate.Seconds(experiment, quick, 1, Reproduction.CellOverheadSeconds) <= 15 * 60);

        SweepCell[] paper = [.. experiment.Plan(Budget.Paper).Sweep.Cells];
        Assert.All(paper, cell => Assert.Equal("Humanoid-v4", cell.Get("env")));
        Assert.All(paper.GroupBy(cell => cell.Get("algo")), group => Assert.True(group.Count() >= 3, group.Key));
    }
}
