using System.Text.Json.Nodes;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>timings.json: the whole run's wall time split into its parts, added to across a resume, outside metrics.csv.</summary>
public sealed class RunTimeSplitTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-timings-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static TrainConfig Config(string algorithm, long steps)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm(algorithm);
        return defaults with
        {
            Seed = 5,
            TotalSteps = steps,
            CheckpointEvery = 1,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 32 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 32, Epochs = 2, AnnealLearningRate = false }, // a resume's new budget would re-plan an annealed rate
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };
    }

    private static JsonNode Read(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, RunTimeSplit.FileName)))!;

    [Theory]
    [InlineData("ppo")]
    [InlineData("trpo")]
    public void ARunWritesEveryPartAndThePartsAddUpToTheWallTime(string algorithm)
    {
        TrainingOutcome outcome = TrainingRun.Run(Config(algorithm, 3 * 64), directory);

        JsonNode timings = Read(directory);
        Assert.Equal(1, timings["segments"]!.GetValue<int>());
        Assert.Equal(3, timings["updates_this_segment"]!.GetValue<long>());
        Assert.Equal(3 * 64, timings["steps_this_segment"]!.GetValue<long>());
        double[] parts = [.. RunTimeSplit.PartNames.Select(name => timings["seconds"]![name]!.GetValue<double>())];
        Assert.All(parts, seconds => Assert.True(seconds >= 0));
        Assert.Equal(timings["wall_seconds"]!.GetValue<double>(), parts.Sum(), 9);

        // The parts the first-order and natural-gradient updates measure are all there.
        foreach (string measured in new[] { "env_stepping", "rollout_inference", "update_forward", "update_backward", "update_optimizer", "diagnostics", "output" })
        {
            Assert.True(timings["seconds"]![measured]!.GetValue<double>() > 0, measured);
        }

        double share = timings["diagnostics_share_of_update"]!.GetValue<double>();
        Assert.InRange(share, 0, 1);
        Assert.StartsWith("time split (", outcome.TimeSplit, StringComparison.Ordinal);
        Assert.Contains("update_backward", outcome.TimeSplit, StringComparison.Ordinal);
    }

    [Fact]
    public void AResumeAddsToTheEarlierSplitAndMetricsStayReproducible()
    {
        string whole = Path.Combine(directory, "whole");
        string parted = Path.Combine(directory, "parted");
        TrainingRun.Run(Config("ppo", 4 * 64), whole);
        TrainingRun.Run(Config("ppo", 2 * 64), parted);
        double firstWall = Read(parted)["wall_seconds"]!.GetValue<double>();
        TrainingRun.Resume(parted, 4 * 64);

        JsonNode timings = Read(parted);
        Assert.Equal(2, timings["segments"]!.GetValue<int>());
        Assert.Equal(2, timings["updates_this_segment"]!.GetValue<long>());
        Assert.True(timings["wall_seconds"]!.GetValue<double>() > firstWall);

        // Timings differ between runs; they stay out of metrics.csv, which the two runs share byte for byte.
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, MetricsWriter.CsvFileName)), File.ReadAllBytes(Path.Combine(parted, MetricsWriter.CsvFileName)));
    }

    [Fact]
    public void ADamagedTimingsFileCostsOnlyTheEarlierSplit()
    {
        TrainingRun.Run(Config("ppo", 2 * 64), directory);
        File.WriteAllText(Path.Combine(directory, RunTimeSplit.FileName), "{ not json");
        TrainingRun.Resume(directory, 3 * 64);

        JsonNode timings = Read(directory);
        Assert.Equal(1, timings["segments"]!.GetValue<int>());
        Assert.Equal(1, timings["updates_this_segment"]!.GetValue<long>());
    }
}
