using System.Globalization;
using System.Text.Json.Nodes;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary><c>kernel landscape</c>: its output directory (a sweep cell's) and its bad input (one line, exit 2).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LandscapeCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-landscape-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A2dLandscapeInBothPrecisionsWritesCsvHeatmapsAndTheSummaryLast()
    {
        string output = Path.Combine(directory, "cell");
        (int code, string error) = Run(["landscape", "--slice", "2d", "--points", "3", "--range", "0.5", "--horizon", "50", "--precision", "both", "--out", output]);

        Assert.True(code == 0, error);
        string[] rows = File.ReadAllLines(Path.Combine(output, "landscape.csv"));
        Assert.Equal("precision,a,b,mean,std", rows[0]);
        Assert.Equal(1 + (2 * 9), rows.Length);
        Assert.True(File.Exists(Path.Combine(output, "landscape_fp32.png")));
        Assert.True(File.Exists(Path.Combine(output, "landscape_fp64.png")));
        Assert.Empty(Directory.GetFiles(output, "*.tmp*"));
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        Assert.Equal(96, (int)summary["parameters"]!);
        double centre = (double)summary["results"]!["fp64"]!["centre"]!;
        Assert.Equal(centre, double.Parse(rows[1 + 9 + 4].Split(',')[3], CultureInfo.InvariantCulture));
        Assert.True((double)summary["fp32_vs_fp64"]!["max_relative_gap"]! > 0);
        Assert.True(File.GetLastWriteTimeUtc(Path.Combine(output, "summary.json")) >= File.GetLastWriteTimeUtc(Path.Combine(output, "landscape_fp64.png")));
    }

    [Fact]
    public void QModeAndLyapunovModeWriteTheirSummaries()
    {
        string q = Path.Combine(directory, "q");
        (int code, string error) = Run(["landscape", "--mode", "q", "--controller", "linear", "--init", "k0", "--points", "3", "--range", "10", "--horizon", "20", "--out", q]);
        Assert.True(code == 0, error);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(q, "landscape.csv")).Length);
        Assert.True(File.Exists(Path.Combine(q, "landscape.png")));

        string lyapunov = Path.Combine(directory, "lyapunov");
        (code, error) = Run(["landscape", "--mode", "lyapunov", "--env", "SinglePendulum", "--points", "3", "--lyapunov-steps", "100", "--out", lyapunov]);
        Assert.True(code == 0, error);
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(lyapunov, "summary.json")))!;
        Assert.Equal((double)summary["results"]!["centre_per_step"]! / 0.01, (double)summary["results"]!["centre_per_second"]!, 9);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(lyapunov, "landscape.csv")).Length);
    }

    [Fact]
    public void ATrainedRunsCheckpointIsTheta0AndItsCentreIsTheRunsDeterministicReturn()
    {
        string run = Path.Combine(directory, "run");
        (int code, string error) = Run(["train", "--algo", "mollified-pg", "--env", "DoublePendulum-v0", "--init", "k0", "--fixed-std", "0.5", "--step-size", "1",
            "--trajectories-per-epoch", "4", "--horizon", "100", "--steps", "1200", "--precision", "fp64", "--checkpoint-every", "1", "--out", run]);
        Assert.True(code == 0, error);

        string output = Path.Combine(directory, "around-run");
        (code, error) = Run(["landscape", "--run", run, "--update", "2", "--gamma", "1", "--points", "1", "--out", output]);
        Assert.True(code == 0, error);
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        Assert.Equal(100, (int)summary["horizon"]!); // the run's horizon
        string[] metrics = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        int column = Array.IndexOf(metrics[0].Split(','), "deterministic_return");
        // Row k of metrics.csv holds J of the policy that sampled epoch k, theta_{k-1}: theta_2 is row 3 (the last).
        Assert.Equal(double.Parse(metrics[^1].Split(',')[column], CultureInfo.InvariantCulture), (double)summary["results"]!["fp64"]!["centre"]!);

        (code, error) = Run(["landscape", "--run", run, "--update", "4", "--out", output]);
        Assert.Equal(2, code);
        Assert.StartsWith("kernel landscape: update = 4: must be an update with a checkpoint (", error.Trim(), StringComparison.Ordinal);
        (code, error) = Run(["landscape", "--run", run, "--controller", "mlp", "--out", output]);
        Assert.Equal(2, code);
        Assert.Equal("kernel landscape: controller = mlp: must be linear (the run's) or omitted with --run.", error.Trim());
    }

    [Theory]
    [InlineData("--slice=3d", "slice = 3d: must be 1d, 2d.")]
    [InlineData("--precision=fp16", "precision = fp16: must be fp32, fp64, both.")]
    [InlineData("--mode=v", "mode = v: must be policy, q, lyapunov.")]
    [InlineData("--points=0", "points = 0: must be at least 1 (2 with --slice 2d).")]
    [InlineData("--points=1", "points = 1: must be at least 1 (2 with --slice 2d).", "--slice=2d")]
    [InlineData("--range=-1", "range = -1: must be a finite number > 0.")]
    [InlineData("--sigma=-0.5", "sigma = -0.5: must be a finite number >= 0 (0: deterministic).")]
    [InlineData("--trajectories-per-point=0", "trajectories_per_point = 0: must be at least 1.")]
    [InlineData("--gamma=1.5", "gamma = 1.5: must be in (0, 1].")]
    [InlineData("--directions=coords:1", "directions = coords:1: must be random or coords:i,j (2 distinct indices for --slice 2d).", "--slice=2d")]
    [InlineData("--directions=coords:0,96", "directions = coords:0,96: must be distinct parameter indices in [0, 95].", "--slice=2d")]
    [InlineData("--directions=random", "directions = random: must be coords:i (1 index for --slice 1d).", "--mode=q")]
    [InlineData("--env=Nope-v0", "env = Nope-v0: must be SinglePendulum or a registered env id (see kernel envs).")]
    [InlineData("--env=PlanarQuadrotor-v0", "env = PlanarQuadrotor-v0: runs in double only; fp32 needs one of DoublePendulum-v0, SinglePendulum.", "--precision=fp32")]
    [InlineData("--init=lqr", "init = lqr: must be k0 or random for DoublePendulum-v0 (lqr is PlanarQuadrotor-v0's optimum).")]
    [InlineData("--update=3", "update = 3: must be given only with --run.")]
    [InlineData("--horizon=1001", "horizon = 1001: must be at most 1000 for PlanarQuadrotor-v0 (its episode limit).", "--env=PlanarQuadrotor-v0")]
    [InlineData("--precision=both", "precision = both: must be fp64 with --mode lyapunov (the estimate runs in double).", "--mode=lyapunov")]
    public void BadInputIsOneLineNamingTheParameterAndExit2(string option, string expected, string? other = null)
    {
        string output = Path.Combine(directory, "bad");
        string[] args = other is null ? ["landscape", option, "--out", output] : ["landscape", option, other, "--out", output];
        (int code, string error) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal($"kernel landscape: {expected}", error.Trim());
        Assert.False(File.Exists(Path.Combine(output, "summary.json")));
    }

    private static (int Code, string Error) Run(string[] args)
    {
        (int code, string error, _) = InProcessKernel.Run(args);
        return (code, error);
    }
}
