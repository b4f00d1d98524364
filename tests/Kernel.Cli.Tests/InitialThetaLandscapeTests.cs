using System.Globalization;
using System.Text.Json.Nodes;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary><c>kernel landscape --run DIR --update 0</c>: theta_0 has no checkpoint of its own and is read from the latest one (Fig 6e).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class InitialThetaLandscapeTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-theta0-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Update0IsTheta0AndItsCentreIsTheRunsFirstDeterministicReturn()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, Run(["train", "--algo", "mollified-pg", "--env", "DoublePendulum-v0", "--init", "k0", "--fixed-std", "0.5", "--step-size", "1",
            "--trajectories-per-epoch", "4", "--horizon", "100", "--steps", "800", "--precision", "fp64", "--out", run]));
        Assert.False(File.Exists(Kernel.Algorithms.Training.TrainingRun.CheckpointPath(run, 0)));

        string output = Path.Combine(directory, "theta0");
        Assert.Equal(0, Run(["landscape", "--run", run, "--update", "0", "--gamma", "1", "--points", "1", "--out", output]));
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        Assert.EndsWith("update 0", (string)summary["init"]!, StringComparison.Ordinal);
        string[] metrics = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        int column = Array.IndexOf(metrics[0].Split(','), "deterministic_return");

        // Row 1 holds J(theta_0); the last checkpoint (update 2) has moved away from it.
        Assert.Equal(double.Parse(metrics[1].Split(',')[column], CultureInfo.InvariantCulture), (double)summary["results"]!["fp64"]!["centre"]!);
        Assert.NotEqual(metrics[1].Split(',')[column], metrics[2].Split(',')[column]);
    }

    private static int Run(string[] args)
    {
        TextWriter originalOut = Console.Out, originalError = Console.Error;
        Console.SetOut(new StringWriter());
        Console.SetError(new StringWriter());
        try
        {
            return Program.Main(args);
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
