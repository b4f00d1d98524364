using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

public sealed class CheckpointResumeTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-resume-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public static TheoryData<string, string, NumericPrecision> Runs => new()
    {
        // Observation normalisation and reward scaling are on by default: their state must travel too.
        { "Pendulum-v1", "ppo", NumericPrecision.Fp32 },
        { "Pendulum-v1", "ppo-kl", NumericPrecision.Fp64 },
        { "CartPole-v1", "cpg", NumericPrecision.Fp16 },
        { "MountainCarContinuous-v0", "reinforce", NumericPrecision.Fp32 },
        { "Pendulum-v1", "trpo", NumericPrecision.Fp32 },
        { "CartPole-v1", "vmpo", NumericPrecision.Fp64 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void ARunKilledAfterACheckpointResumesIntoTheUninterruptedRun(string env, string algorithm, NumericPrecision precision)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm(algorithm);
        TrainConfig config = defaults with
        {
            Env = env,
            Precision = precision,
            TotalSteps = 6 * 288,
            CheckpointEvery = 2,
            Seed = 5,
            Rollout = defaults.Rollout with { NumEnvs = 3, RolloutSteps = 96 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 48, Epochs = 2 },
            Policy = defaults.Policy with { Hidden = [16] },
            Value = defaults.Value with { Hidden = [16] },
            Surrogate = defaults.Surrogate with { AdaptiveKl = algorithm == "ppo-kl" },
        };
        string whole = Path.Combine(directory, "whole");
        string killed = Path.Combine(directory, "killed");
        TrainingRun.Run(config, whole);
        TrainingRun.Run(config, killed);

        // Simulate a kill during update 5: checkpoints after update 4 gone, update 5's row half written.
        File.Delete(TrainingRun.CheckpointPath(killed, 6));
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.CsvFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.CsvFileName))[..5]);
        File.AppendAllText(Path.Combine(killed, MetricsWriter.CsvFileName), "5,1440,");
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName))[..4]);
        Assert.EndsWith("update-000004.safetensors", TrainingRun.LatestCheckpoint(killed), StringComparison.Ordinal);

        TrainingOutcome outcome = TrainingRun.Resume(killed);

        Assert.Equal(6, outcome.Updates);
        foreach (string file in new[] { MetricsWriter.CsvFileName, MetricsWriter.JsonLinesFileName })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(whole, file)), File.ReadAllText(Path.Combine(killed, file)));
        }

        Assert.Equal(File.ReadAllBytes(TrainingRun.CheckpointPath(whole, 6)), File.ReadAllBytes(TrainingRun.CheckpointPath(killed, 6)));
    }

    [Fact]
    public void SaveThenLoadIntoAFreshTrainerGivesTheSameNextUpdate()
    {
        TrainConfig config = new()
        {
            TotalSteps = 10 * 128,
            Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 64 },
            Optimizer = new OptimizerOptions { MinibatchSize = 32, Epochs = 2 },
            Policy = new PolicyOptions { Hidden = [8] },
            Value = new ValueOptions { Hidden = [8] },
        };
        var original = PolicyGradientTrainer<float>.Open(config);
        original.Update();
        original.Update();
        string path = Path.Combine(directory, "two.safetensors");
        original.SaveCheckpoint(path);

        var restored = PolicyGradientTrainer<float>.Open(config with { CheckpointEvery = 7 });
        restored.LoadCheckpoint(path);
        Assert.Equal(original.Updates, restored.Updates);
        Assert.Equal(original.Steps, restored.Steps);
        Assert.Equal(original.Optimizer.StepCount, restored.Optimizer.StepCount);

        string expected = Row(original.Update());
        Assert.Equal(expected, Row(restored.Update()));
        for (int i = 0; i < original.Parameters.Count; i++)
        {
            Assert.Equal(original.Parameters[i].Tensor.Values.ToArray(), restored.Parameters[i].Tensor.Values.ToArray());
        }
    }

    [Fact]
    public void AMismatchedOrDamagedCheckpointIsRefusedAndChangesNothing()
    {
        TrainConfig config = new()
        {
            TotalSteps = 128,
            Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 64 },
            Optimizer = new OptimizerOptions { MinibatchSize = 32, Epochs = 1 },
            Policy = new PolicyOptions { Hidden = [8] },
            Value = new ValueOptions { Hidden = [8] },
        };
        var writer = PolicyGradientTrainer<float>.Open(config);
        writer.Update();
        string path = Path.Combine(directory, "one.safetensors");
        writer.SaveCheckpoint(path);

        var wider = PolicyGradientTrainer<float>.Open(config with { Policy = config.Policy with { Hidden = [9] } });
        float[] before = wider.Parameters[0].Tensor.Values.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => wider.LoadCheckpoint(path));
        Assert.Contains("another configuration", error.Message, StringComparison.Ordinal);
        Assert.Contains("9", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, wider.Parameters[0].Tensor.Values.ToArray());
        Assert.Equal(0, wider.Updates);

        var fp64 = PolicyGradientTrainer<double>.Open(config with { Precision = NumericPrecision.Fp64 });
        Assert.Contains("precision \"fp32\"; this run needs \"fp64\"", Assert.Throws<InvalidDataException>(() => fp64.LoadCheckpoint(path)).Message, StringComparison.Ordinal);

        var otherEnv = PolicyGradientTrainer<float>.Open(config with { Env = "MountainCarContinuous-v0" });
        Assert.Contains("env \"Pendulum-v1\"", Assert.Throws<InvalidDataException>(() => otherEnv.LoadCheckpoint(path)).Message, StringComparison.Ordinal);

        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);
        var fresh = PolicyGradientTrainer<float>.Open(config);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => fresh.LoadCheckpoint(path)).Message, StringComparison.Ordinal);
        Assert.Equal(0, fresh.Updates);
        Assert.Throws<FileNotFoundException>(() => fresh.LoadCheckpoint(Path.Combine(directory, "absent.safetensors")));
    }

    [Fact]
    public void ResumeWithoutAConfigNamesItAndWithoutACheckpointRestartsTheRun()
    {
        Assert.Contains("config.json does not exist", Assert.Throws<InvalidDataException>(() => TrainingRun.Resume(directory)).Message, StringComparison.Ordinal);
        TrainingRun.Run(new TrainConfig { TotalSteps = 64, Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 32 }, Optimizer = new OptimizerOptions { MinibatchSize = 32, Epochs = 1 } }, directory);
        string metrics = File.ReadAllText(Path.Combine(directory, MetricsWriter.CsvFileName));
        foreach (string file in Directory.GetFiles(Path.Combine(directory, TrainingRun.CheckpointsFolder)))
        {
            File.Delete(file);
        }

        Assert.Equal(1, TrainingRun.Resume(directory).Updates);
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(directory, MetricsWriter.CsvFileName)));
    }

    [Fact]
    public void EvaluationIsDeterministicAndLeavesTrainingUntouched()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("ppo");
        TrainConfig config = defaults with
        {
            Env = "CartPole-v1",
            TotalSteps = 4 * 128,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 64 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 32, Epochs = 1 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };
        var evaluated = PolicyGradientTrainer<float>.Open(config);
        var plain = PolicyGradientTrainer<float>.Open(config);
        evaluated.Update();
        plain.Update();

        double[] first = evaluated.Evaluate(3, seed: 9);
        Assert.Equal(first, evaluated.Evaluate(3, seed: 9));
        Assert.All(first, r => Assert.InRange(r, 1, 500));
        Assert.Equal(Row(plain.Update()), Row(evaluated.Update()));
        Assert.Throws<ArgumentOutOfRangeException>(() => evaluated.Evaluate(0, seed: 9));
    }

    [Fact]
    public void EvaluatingARunDirectoryUsesItsLatestCheckpoint()
    {
        TrainConfig config = new()
        {
            TotalSteps = 3 * 128,
            CheckpointEvery = 2,
            Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 64 },
            Optimizer = new OptimizerOptions { MinibatchSize = 32, Epochs = 1 },
            Policy = new PolicyOptions { Hidden = [8] },
            Value = new ValueOptions { Hidden = [8] },
        };
        TrainingRun.Run(config, directory);
        Assert.Equal(
            [Path.GetFileName(TrainingRun.CheckpointPath(directory, 2)), Path.GetFileName(TrainingRun.CheckpointPath(directory, 3))],
            Directory.GetFiles(Path.Combine(directory, TrainingRun.CheckpointsFolder)).Select(Path.GetFileName).Order());
        double[] latest = TrainingRun.Evaluate(directory, checkpoint: null, episodes: 2, seed: 1);
        Assert.Equal(latest, TrainingRun.Evaluate(directory, TrainingRun.CheckpointPath(directory, 3), 2, 1));
        Assert.NotEqual(latest, TrainingRun.Evaluate(directory, TrainingRun.CheckpointPath(directory, 2), 2, 1));
        Assert.All(latest, r => Assert.InRange(r, -16.2736044 * 200, 0));
    }

    [Fact]
    public void CheckpointEveryZeroWritesNoneAndResumeStartsOver()
    {
        TrainingRun.Run(new TrainConfig { TotalSteps = 64, CheckpointEvery = 0, Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 32 }, Optimizer = new OptimizerOptions { MinibatchSize = 32, Epochs = 1 } }, directory);
        Assert.Null(TrainingRun.LatestCheckpoint(directory));
        string[] metrics = File.ReadAllLines(Path.Combine(directory, MetricsWriter.CsvFileName));
        Assert.Equal(2, metrics.Length);
        Assert.Equal(1, TrainingRun.Resume(directory).Updates);
        Assert.Equal(metrics, File.ReadAllLines(Path.Combine(directory, MetricsWriter.CsvFileName)));
    }

    private static string Row(UpdateRecord record) => string.Join(",", UpdateRecord.Names.Select(name => name == "exploded_at" ? record.ExplodedAt : record.Get(name)?.ToString("R")));
}
