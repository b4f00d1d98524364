using System.Text.Json;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>An env whose dynamics break down in training ends the run as an explosion, not with an exception.</summary>
public sealed class EnvBreakdownTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-env-breakdown-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ANanObservationExplodesTheUpdateNamingEnvStepCopyAndIndexAndKeepsEarlierCheckpoints()
    {
        NanObservationEnv.Register();
        // 2 copies x 16 steps per update: each copy's 40th step is rollout step 8 of update 3.
        TrainConfig defaults = TrainConfig.ForAlgorithm("ppo");
        TrainConfig config = defaults with
        {
            Env = NanObservationEnv.RegisteredId,
            TotalSteps = 5 * 32,
            CheckpointEvery = 1,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 16 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 16 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };

        TrainingOutcome outcome = TrainingRun.Run(config, directory);

        Assert.True(outcome.Exploded);
        Assert.Equal(3, outcome.Updates);
        Assert.Equal($"observation[1] = NaN from {NanObservationEnv.RegisteredId} (rollout step 8, copy 1, episode step 40)", outcome.ExplodedAt);
        string[] rows = File.ReadAllLines(Path.Combine(directory, MetricsWriter.CsvFileName));
        Assert.Equal(4, rows.Length);
        Assert.Contains(",true,", rows[3], StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, TrainingRun.NumericsFileName)));
        Assert.Equal(outcome.ExplodedAt, report.RootElement.GetProperty("exploded_at").GetString());
        Assert.True(File.Exists(TrainingRun.CheckpointPath(directory, 1)));
        Assert.True(File.Exists(TrainingRun.CheckpointPath(directory, 2)));
    }
}
