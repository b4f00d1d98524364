using System.Text.Json.Nodes;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary><c>kernel analyze landscape</c>: its files on a small run, and one line with exit 2 for each kind of bad input.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AnalyzeLandscapeCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-cli-landscape-").FullName;

    public AnalyzeLandscapeCommandTests()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("ppo");
        TrainingRun.Run(
            defaults with
            {
                Env = "CartPole-v1",
                TotalSteps = 2048,
                CheckpointEvery = 1,
                Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 512 },
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
    [InlineData("--trajectories", "3")]
    [InlineData("--pairs", "600", "--step-samples", "2048")]
    public void ItWritesItsCsvPngsAndSummary(params string[] options)
    {
        (int code, string error) = Kernel(["analyze", "landscape", "--run", Run, "--update", "1", "--out", Out, "--points", "4,3", "--step-range", "-1:2", .. options]);

        Assert.True(code == 0, error);
        Assert.Equal(1 + (4 * 3), File.ReadAllLines(Path.Combine(Out, "landscape.csv")).Length);
        Assert.True(File.Exists(Path.Combine(Out, "landscape.png")));
        Assert.True(File.Exists(Path.Combine(Out, "landscape-surrogate.png")));
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "landscape.json")))!;
        Assert.Equal("landscape", (string?)summary["analysis"]);
        Assert.Equal([-1.0, 0, 1, 2], summary["step_offsets"]!.AsArray().Select(x => (double)x!));
        Assert.Equal(options.Contains("--step-samples") ? 2048 : 1024, (int)summary["step_samples"]!);
        Assert.Equal(4, summary["true_reward"]!.AsArray().Count);
        Assert.Empty(Directory.GetFiles(Out, "*.tmp*"));
    }

    [Theory]
    [InlineData("kernel analyze landscape: points = 1,5: give N or STEP,RANDOM, each a whole number of at least 2 (e.g. 13,9).", "--points", "1,5")]
    [InlineData("kernel analyze landscape: step_range = 1:2 with 2 points: the grid must hold 0 (LOW <= 0 <= HIGH and -LOW a whole number of spacings 1).", "--step-range", "1:2", "--points", "2")]
    [InlineData("kernel analyze landscape: step_range = -1: give LOW:HIGH with finite LOW < HIGH (e.g. -1:2).", "--step-range", "-1")]
    [InlineData("kernel analyze landscape: step_range = 2:1: give LOW:HIGH with finite LOW < HIGH (e.g. -1:2).", "--step-range", "2:1")]
    [InlineData("kernel analyze landscape: random_range = -1:1 with 4 points: the grid must hold 0 (LOW <= 0 <= HIGH and -LOW a whole number of spacings 0.666667).", "--random-range", "-1:1", "--points", "4,4")]
    [InlineData("kernel analyze landscape: trajectories = 3, pairs = 10: give one of them, not both.", "--trajectories", "3", "--pairs", "10")]
    [InlineData("kernel analyze landscape: trajectories = 0: must be at least 1.", "--trajectories", "0")]
    [InlineData("kernel analyze landscape: pairs = 0: must be at least 1.", "--pairs", "0")]
    [InlineData("kernel analyze landscape: step_samples = 100: must be at least 1024 (the run's minibatch and the first 1024 states its policy distance keeps).", "--step-samples", "100")]
    [InlineData("kernel analyze landscape: update = 2: the run anneals its learning rate to 0 over its 2 updates, so the step after its last checkpoint is zero; measure an earlier checkpoint.", "--update", "2")]
    public void BadInputIsOneLineNamingTheParameterWithExit2(string expected, params string[] options)
    {
        string[] defaults =
        [
            .. options.Contains("--update") ? Array.Empty<string>() : ["--update", "1"],
            .. options.Contains("--points") ? Array.Empty<string>() : ["--points", "4,3"],
            .. options.Contains("--trajectories") || options.Contains("--pairs") ? Array.Empty<string>() : ["--trajectories", "1"],
        ];
        (int code, string error) = Kernel(["analyze", "landscape", "--run", Run, "--out", Out, .. defaults, .. options]);

        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
        Assert.False(File.Exists(Path.Combine(Out, "landscape.json")));
    }

    private static (int Code, string Error) Kernel(string[] args)
    {
        (int code, string error, _) = InProcessKernel.Run(args);
        return (code, error);
    }
}
