using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>Paper 000 Table 6's fixed reward scale and Fig 7's choice of Adam or SGD.</summary>
public sealed class RewardScaleAndOptimizerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-p17-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TheRewardScaleScalesAdvantagesButNotTheReportedReturns()
    {
        // No value network and no running scaler: the advantages are then linear in the rewards.
        TrainConfig defaults = TrainConfig.ForAlgorithm("reinforce");
        TrainConfig config = defaults with
        {
            Env = "Pendulum-v1",
            TotalSteps = 400,
            Seed = 4,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 200, ScaleRewards = false },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { ReinforceBaseline = false },
        };
        UpdateRecord one = PolicyGradientTrainer<double>.Open(config).Update();
        double returnMean = one.ReturnMean;
        double advantages = one.AdvAbsMean;
        UpdateRecord scaled = PolicyGradientTrainer<double>.Open(config with { Rollout = config.Rollout with { RewardScale = 0.01 } }).Update();

        Assert.False(double.IsNaN(returnMean));
        Assert.Equal(returnMean, scaled.ReturnMean);
        Assert.Equal(advantages / 100, scaled.AdvAbsMean, 1e-12 * advantages);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void ARewardScaleThatIsNotFiniteAndPositiveIsRefused(double scale)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainConfig { Rollout = new RolloutOptions { RewardScale = scale } }.Validate());
        Assert.Contains("reward_scale", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SgdIsPlainSgdAndItsCheckpointsResumeIntoTheUninterruptedRun()
    {
        TrainConfig config = new()
        {
            TotalSteps = 4 * 128,
            CheckpointEvery = 2,
            Seed = 3,
            Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 64 },
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.Sgd, LearningRate = 0.01, MinibatchSize = 32, Epochs = 2 },
            Policy = new PolicyOptions { Hidden = [8] },
            Value = new ValueOptions { Hidden = [8] },
        };
        var trainer = PolicyGradientTrainer<float>.Open(config);
        var sgd = Assert.IsType<Sgd<float>>(trainer.Optimizer);
        Assert.Equal(0, sgd.Momentum);

        string whole = Path.Combine(directory, "whole");
        string killed = Path.Combine(directory, "killed");
        TrainingRun.Run(config, whole);
        TrainingRun.Run(config, killed);
        File.Delete(TrainingRun.CheckpointPath(killed, 4));
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.CsvFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.CsvFileName))[..3]);
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName))[..2]);

        TrainingRun.Resume(killed);

        Assert.Equal(File.ReadAllText(Path.Combine(whole, MetricsWriter.CsvFileName)), File.ReadAllText(Path.Combine(killed, MetricsWriter.CsvFileName)));
        Assert.Equal(File.ReadAllBytes(TrainingRun.CheckpointPath(whole, 4)), File.ReadAllBytes(TrainingRun.CheckpointPath(killed, 4)));
    }

    [Fact]
    public void ACheckpointOfTheOtherOptimizerIsRefusedNamingTheOptimizer()
    {
        TrainConfig adam = new()
        {
            TotalSteps = 4 * 64,
            Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 32 },
            Optimizer = new OptimizerOptions { MinibatchSize = 32, Epochs = 1 },
            Policy = new PolicyOptions { Hidden = [8] },
            Value = new ValueOptions { Hidden = [8] },
        };
        var trainer = PolicyGradientTrainer<float>.Open(adam);
        trainer.Update();
        string path = Path.Combine(directory, "adam.safetensors");
        trainer.SaveCheckpoint(path);

        var sgd = PolicyGradientTrainer<float>.Open(adam with { Optimizer = adam.Optimizer with { Kind = OptimizerKind.Sgd } });
        var exception = Assert.Throws<InvalidDataException>(() => sgd.LoadCheckpoint(path));
        Assert.Contains("this run has optimizer.kind: \"sgd\", the checkpoint optimizer.kind: \"adam\"", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, sgd.Updates);
    }

    [Fact]
    public void TheOptimizerReadsFromConfigJsonAndIsRefusedForNaturalGradientAlgorithms()
    {
        Assert.Equal(OptimizerKind.Sgd, TrainConfigReader.FromDefaults("ppo", new Dictionary<string, string> { ["optimizer.kind"] = "sgd" }).Optimizer.Kind);
        var exception = Assert.Throws<ConfigException>(() => TrainConfigReader.FromDefaults("trpo", new Dictionary<string, string> { ["optimizer.kind"] = "sgd" }));
        Assert.Contains("optimizer", exception.Message, StringComparison.Ordinal);
    }
}
