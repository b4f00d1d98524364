using System.Runtime.CompilerServices;
using System.Text.Json;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>
/// Runs written before the settings were split into one record per concern: LegacyRun/ is a PPO run on Pendulum-v1
/// that <c>kernel train</c> of that version wrote (flat config.json, metrics and its checkpoint after update 2 of 3;
/// expected-metrics.csv holds all 3 rows of the uninterrupted run). Its config reads as the same configuration, and
/// it resumes into exactly the run it would have been.
/// </summary>
public sealed class LegacyRunTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-legacy-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void AnOldFlatConfigJsonReadsAsTheConfigurationItWasWrittenFrom()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("ppo");
        TrainConfig expected = defaults with
        {
            Env = "Pendulum-v1",
            Seed = 3,
            TotalSteps = 96,
            CheckpointEvery = 1,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 16 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 8, Epochs = 2 },
            Policy = defaults.Policy with { Hidden = [4] },
            Value = defaults.Value with { Hidden = [4] },
        };

        TrainConfig read = TrainingRun.ReadConfig(LegacyRun());
        Assert.Equal(JsonSerializer.Serialize(expected, TrainingRun.JsonOptions), JsonSerializer.Serialize(read, TrainingRun.JsonOptions));
    }

    [Fact]
    public void AnOldFlatConfigJsonWithAWrongValueIsRefusedWithTheSettingsNewKey()
    {
        string json = File.ReadAllText(Path.Combine(LegacyRun(), TrainingRun.ConfigFileName)).Replace("\"num_envs\": 2", "\"num_envs\": \"two\"", StringComparison.Ordinal);
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(json));
        Assert.Equal("rollout.num_envs: expected an integer.", error.Message);
    }

    [Fact]
    public void AnOldRunResumesFromItsCheckpointIntoTheUninterruptedRun()
    {
        string run = Path.Combine(directory, "run");
        Copy(LegacyRun(), run);
        File.Delete(Path.Combine(run, "expected-metrics.csv"));

        TrainingRun.Resume(run);

        Assert.Equal(File.ReadAllText(Path.Combine(LegacyRun(), "expected-metrics.csv")), File.ReadAllText(Path.Combine(run, MetricsWriter.CsvFileName)));
    }

    private static void Copy(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string LegacyRun([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "LegacyRun");
}
