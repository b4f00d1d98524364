using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Kernel.Experiments.Reproductions;
using Kernel.Experiments.Reproductions.Paper004;
using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>
/// Paper 004's cells resolve, through the same reader as <c>kernel train</c>, to Table 2's values (appendix A), including
/// those the experiments leave at the engine's defaults.
/// </summary>
public sealed class Paper004SettingsTests
{
    public static TheoryData<string> Algorithms => [.. Paper004Settings.Algorithms];

    /// <summary>The cell's options as <c>kernel train</c> resolves them (algorithm defaults, then the options; refused options throw).</summary>
    private static TrainConfig Resolve(SweepCell cell)
        => TrainConfigReader.FromDefaults(cell.Get("algo")!, cell.Options.ToDictionary(option => Settings.All.Single(setting => setting.OptionName == option.Key).Key, option => option.Value));

    private static TrainConfig PaperCell(string algorithm, string env = "Hopper-v4")
        => Resolve(new Fig4Fig5ComparisonExperiment().Plan(Budget.Paper).Sweep.Cells.First(cell => cell.Get("algo") == algorithm && cell.Get("env") == env));

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void EveryAlgorithmGetsAppendixAAndTheRowsOfTable2TheyShare(string algorithm)
    {
        TrainConfig config = PaperCell(algorithm);

        Assert.Equal(algorithm, config.Algo);
        Assert.Equal(8_000_000, config.TotalSteps);
        Assert.Equal([32, 32, 32, 32], config.Policy.Hidden);
        Assert.Equal([256, 256, 256, 256, 256], config.Value.Hidden);
        Assert.Equal(Activation.Silu, config.Activation);
        Assert.True(config.Policy.Squash);
        Assert.Equal(3e-4, config.Optimizer.LearningRate);
        Assert.Equal(0.5, config.Optimizer.MaxGradNorm);
        Assert.Equal(1e-8, config.Optimizer.AdamEpsilon);
        Assert.False(config.Optimizer.AnnealLearningRate);
        Assert.Equal(0.99, config.Rollout.Gamma);
        Assert.Equal(2048, config.Rollout.RolloutSteps);
        Assert.True(config.Rollout.NormalizeObservations);
        Assert.Equal(10, config.Rollout.ObservationClip);
        Assert.True(config.Rollout.ScaleRewards);
        Assert.Equal(10, config.Rollout.RewardClip);
        Assert.Equal(10, config.EvalEpisodes);
        Assert.Equal(Paper004Settings.EvalEverySteps, config.EvalEvery * config.BatchSize); // one grid of evaluation steps for all
    }

    [Fact]
    public void ReinforceTakesOneFullBatchStepPer2048StepsOfOneEnvWithoutBaselineOrNormalisation()
    {
        TrainConfig config = PaperCell("reinforce");
        Assert.Equal(1, config.Rollout.NumEnvs);
        Assert.Equal(1, config.Optimizer.Epochs);
        Assert.Equal(config.BatchSize, config.MinibatchSamples);
        Assert.False(config.Value.ReinforceBaseline);
        Assert.False(config.Rollout.NormalizeAdvantages);
        Assert.Equal(1, config.Rollout.GaeLambda);
        Assert.Equal(0, config.Policy.EntropyCoefficient);
    }

    [Fact]
    public void A2cTakesOneEpochOf8MinibatchesWithEntropyBonus0Point1()
    {
        TrainConfig config = PaperCell("a2c");
        Assert.Equal(8, config.Rollout.NumEnvs);
        Assert.Equal(1, config.Optimizer.Epochs);
        Assert.Equal(8, config.BatchSize / config.MinibatchSamples);
        Assert.Equal(0.95, config.Rollout.GaeLambda);
        Assert.True(config.Rollout.NormalizeAdvantages);
        Assert.Equal(0.1, config.Policy.EntropyCoefficient);
    }

    [Fact]
    public void TrpoHasTable2sTrustRegionAnd10ValueEpochs()
    {
        TrainConfig config = PaperCell("trpo");
        Assert.Equal(8, config.Rollout.NumEnvs);
        Assert.Equal(10, config.Optimizer.Epochs); // footnote 12: the value network's epochs
        Assert.Equal(8, config.BatchSize / config.MinibatchSamples);
        Assert.Equal(0.95, config.Rollout.GaeLambda);
        Assert.True(config.Rollout.NormalizeAdvantages);
        Assert.Equal(0.01, config.TrustRegion.MaxKl);
        Assert.Equal(0.1, config.TrustRegion.CgDamping);
        Assert.Equal(10, config.TrustRegion.CgIterations);
        Assert.Equal(10, config.TrustRegion.LineSearchSteps);
        Assert.Equal(0.8, config.TrustRegion.LineSearchShrink);
    }

    [Fact]
    public void PpoTakes10EpochsOf8MinibatchesWithClip0Point2()
    {
        TrainConfig config = PaperCell("ppo");
        Assert.Equal(8, config.Rollout.NumEnvs);
        Assert.Equal(10, config.Optimizer.Epochs);
        Assert.Equal(8, config.BatchSize / config.MinibatchSamples);
        Assert.Equal(0.2, config.Surrogate.ClipEpsilon);
        Assert.True(config.Rollout.NormalizeAdvantages);
        Assert.Equal(0, config.Policy.EntropyCoefficient);
        Assert.False(config.Value.ClipValueLoss);
    }

    [Fact]
    public void VmpoHasTable2sMultipliersAndBoundsAndUnnormalisedAdvantages()
    {
        TrainConfig config = PaperCell("vmpo");
        Assert.Equal(10, config.Optimizer.Epochs);
        Assert.Equal(8, config.BatchSize / config.MinibatchSamples);
        Assert.False(config.Rollout.NormalizeAdvantages);
        Assert.Equal(0, config.Policy.EntropyCoefficient);
        Assert.Equal(1e-8, config.Vmpo.EtaMin);
        Assert.Equal(1e-8, config.Vmpo.NuMin);
        Assert.Equal(1, config.Vmpo.EtaInit);
        Assert.Equal(1, config.Vmpo.NuMeanInit);
        Assert.Equal(1, config.Vmpo.NuStdInit);
        Assert.Equal(0.01, config.Vmpo.EpsilonNuMean);
        Assert.Equal(5e-5, config.Vmpo.EpsilonNuStd);
        Assert.Equal(0.01, config.Vmpo.EpsilonEta);
    }

    [Fact]
    public void EveryCellOfEveryBudgetIsAValidTrainConfiguration()
    {
        IExperiment[] experiments = [new Fig4Fig5ComparisonExperiment(), new B2EntropyExperiment(), new B3EpochsExperiment()];
        foreach (IExperiment experiment in experiments)
        {
            foreach (Budget budget in Enum.GetValues<Budget>())
            {
                foreach (SweepCell cell in experiment.Plan(budget).Sweep.Cells)
                {
                    TrainConfig config = Resolve(cell);
                    config.Validate();
                    Assert.True(cell.Id.Length < 200, cell.Id);
                }
            }
        }
    }

    [Fact]
    public void TheAppendixExperimentsVaryOnlyTheirAxisOverTable2()
    {
        SweepCell[] b2 = [.. new B2EntropyExperiment().Plan(Budget.Paper).Sweep.Cells];
        Assert.Equal([0.1, 0.01, 0], b2.Select(cell => Resolve(cell).Policy.EntropyCoefficient).Distinct());
        Assert.All(b2, cell => Assert.Equal(("a2c", "HalfCheetah-v4", 1), (Resolve(cell).Algo, Resolve(cell).Env, Resolve(cell).Optimizer.Epochs)));

        SweepCell[] b3 = [.. new B3EpochsExperiment().Plan(Budget.Paper).Sweep.Cells];
        Assert.Equal([1, 5], b3.Select(cell => Resolve(cell).Optimizer.Epochs).Distinct().Order());
        Assert.All(b3.Where(cell => cell.Get("algo") == "a2c"), cell => Assert.Equal(0.1, Resolve(cell).Policy.EntropyCoefficient));
        Assert.All(b3.Where(cell => cell.Get("algo") == "reinforce"), cell => Assert.Equal(1, Resolve(cell).Rollout.NumEnvs));
        Assert.Equal(12, b3.Length);
    }
}
