using System.Text.Json.Nodes;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary><c>kernel analyze</c>: its files on a small run, and one line with exit 2 for each kind of bad input.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-cli-analyze-").FullName;

    public AnalyzeCommandTests()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("ppo");
        TrainingRun.Run(
            defaults with
            {
                Env = "CartPole-v1", // episodes end: the empirical returns exist (value, baselines)
                TotalSteps = 512,
                CheckpointEvery = 1,
                Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 128 },
                Optimizer = defaults.Optimizer with { MinibatchSize = 64, Epochs = 1 },
                Policy = defaults.Policy with { Hidden = [8] },
                Value = defaults.Value with { Hidden = [8] },
            },
            Run);
    }

    private string Run => Path.Combine(directory, "run");

    private string Out => Path.Combine(directory, "out");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("gradient", "--samples", "100,200", "--estimates", "3")]
    [InlineData("baselines", "--samples", "100,200", "--estimates", "3", "--fit-samples", "2000", "--fit-epochs", "2")]
    [InlineData("value", "--samples", "1000")]
    [InlineData("value", "--set", "train")]
    [InlineData("steps", "--estimates", "3", "--states", "100")]
    public void EachAnalysisWritesItsCsvPngAndSummary(string analysis, params string[] options)
    {
        (int code, string error) = Kernel(["analyze", analysis, "--run", Run, "--update", "1", "--out", Out, .. options]);

        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(Out, analysis + ".csv")));
        Assert.True(File.Exists(Path.Combine(Out, analysis + ".png")));
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, analysis + ".json")))!;
        Assert.Equal(analysis, (string?)summary["analysis"]);
        Assert.Equal(1, (long)summary["update"]!);
        Assert.Empty(Directory.GetFiles(Out, "*.tmp*"));
    }

    [Theory]
    [InlineData("kernel analyze gradient: samples = 2000,1000: give ascending, distinct counts of at least 1 separated by commas (e.g. 1000,2000,4000).", "gradient", "--samples", "2000,1000")]
    [InlineData("kernel analyze gradient: samples = 10,x: give ascending, distinct counts of at least 1 separated by commas (e.g. 1000,2000,4000).", "gradient", "--samples", "10,x")]
    [InlineData("kernel analyze gradient: estimates = 1: must be at least 2.", "gradient", "--estimates", "1")]
    [InlineData("kernel analyze gradient: true_samples = 50: must be at least the largest of samples (100).", "gradient", "--samples", "100", "--true-samples", "50")]
    [InlineData("kernel analyze value: samples = 0: must be at least 1.", "value", "--samples", "0")]
    [InlineData("kernel analyze value: set = all: must be heldout or train.", "value", "--set", "all")]
    [InlineData("kernel analyze value: update = 2: the run's last update; --set train replays update 3, which the run's schedule (2 updates) does not have.", "value", "--set", "train", "--update", "2")]
    [InlineData("kernel analyze baselines: fit_epochs = 0: must be at least 1.", "baselines", "--fit-epochs", "0")]
    [InlineData("kernel analyze steps: states = 0: must be at least 1.", "steps", "--states", "0")]
    [InlineData("kernel analyze steps: update = -1: must be at least 0.", "steps", "--update", "-1")]
    public void BadInputIsOneLineNamingTheParameterWithExit2(string expected, string analysis, params string[] options)
    {
        (int code, string error) = Kernel(["analyze", analysis, "--run", Run, "--out", Out, .. options]);

        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
        Assert.False(File.Exists(Path.Combine(Out, analysis + ".json")));
    }

    [Fact]
    public void AMissingCheckpointListsTheUpdatesTheRunHas()
    {
        (int code, string error) = Kernel(["analyze", "value", "--run", Run, "--update", "7", "--out", Out]);

        Assert.Equal(2, code);
        Assert.Equal($"kernel analyze value: update = 7: {Run} has no checkpoint of that update; it has updates 1, 2.", error.Trim());
    }

    [Fact]
    public void AFolderWithoutARunIsNamedInOneLine()
    {
        string missing = Path.Combine(directory, "nothing");
        (int code, string error) = Kernel(["analyze", "gradient", "--run", missing, "--out", Out]);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"kernel analyze gradient: {Path.Combine(missing, "config.json")} does not exist", error, StringComparison.Ordinal);
    }

    private static (int Code, string Error) Kernel(string[] args)
    {
        (int code, string error, _) = InProcessKernel.Run(args);
        return (code, error);
    }
}
