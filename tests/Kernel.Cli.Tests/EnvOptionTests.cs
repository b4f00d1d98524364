using System.Globalization;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary>
/// <c>--env-option key=value</c> of <c>kernel train</c> and <c>kernel landscape</c> (TrainConfig.EnvOptions): it reaches
/// config.json and the checkpoints, so a rerun, a resume, <c>kernel eval</c> and a landscape around the run use it; the
/// env refuses a key it does not read; and an option of the dynamics changes the run.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EnvOptionTests : IDisposable
{
    // PlanarQuadrotor-v0 from its LQR gain, 2 epochs of 2 trajectories of 50 steps.
    private static readonly string[] Quadrotor =
    [
        "train", "--algo", "mollified-pg", "--env", "PlanarQuadrotor-v0", "--controller", "affine", "--init", "lqr", "--fixed-std", "0.1",
        "--step-size", "0.001", "--trajectories-per-epoch", "2", "--horizon", "50", "--steps", "200", "--precision", "fp64", "--checkpoint-every", "1",
    ];

    private readonly string directory = Directory.CreateTempSubdirectory("kernel-env-option-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void EnvOptionsRoundTripThroughConfigJsonResumeEvalAndLandscape()
    {
        // init_range = 0 starts every trajectory at the origin, so one deterministic trajectory is J(theta).
        string run = Path.Combine(directory, "dt");
        (int code, string error) = Run([.. Quadrotor, "--env-option", "dt=0.01", "--env-option", "init_range=0", "--out", run]);
        Assert.True(code == 0, error);
        TrainConfig config = TrainingRun.ReadConfig(run);
        Assert.Equal(new Dictionary<string, string> { ["dt"] = "0.01", ["init_range"] = "0" }, config.EnvOptions);

        // The same run from its config.json, and a resume from the first checkpoint, give the same metrics.
        string rerun = Path.Combine(directory, "rerun");
        Assert.Equal(0, Run(["train", "--config", Path.Combine(run, TrainingRun.ConfigFileName), "--out", rerun]).Code);
        string metrics = File.ReadAllText(Path.Combine(run, "metrics.csv"));
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(rerun, "metrics.csv")));
        File.Delete(TrainingRun.CheckpointPath(rerun, 2));
        Assert.Equal(0, Run(["train", "--resume", rerun]).Code);
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(rerun, "metrics.csv")));

        // A landscape around the run takes its options: its centre (gamma 1) at update 1 is the run's J(theta_1), metrics row 2.
        string landscape = Path.Combine(directory, "landscape");
        (code, error) = Run(["landscape", "--run", run, "--update", "1", "--gamma", "1", "--points", "1", "--out", landscape]);
        Assert.True(code == 0, error);
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(landscape, "summary.json")))!;
        Assert.Equal("dt=0.01,init_range=0", (string)summary["env_options"]!);
        string[] rows = metrics.Trim().Split('\n');
        int column = Array.IndexOf(rows[0].Split(','), "deterministic_return");
        Assert.Equal(double.Parse(rows[2].Split(',')[column], CultureInfo.InvariantCulture), (double)summary["results"]!["fp64"]!["centre"]!);

        // kernel eval runs the last checkpoint on the run's env: its return is the landscape's J(theta_2) (the default dt = 0.1 gives another).
        (code, error) = Run(["landscape", "--run", run, "--update", "2", "--gamma", "1", "--points", "1", "--out", landscape]);
        Assert.True(code == 0, error);
        double last = (double)JsonNode.Parse(File.ReadAllText(Path.Combine(landscape, "summary.json")))!["results"]!["fp64"]!["centre"]!;
        Assert.Equal(last, FirstReturn(RunWithOutput(["eval", "--run", run, "--episodes", "1"]).Output));

        (code, error) = Run(["landscape", "--run", run, "--env-option", "dt=0.1", "--out", landscape]);
        Assert.Equal(2, code);
        Assert.Equal("kernel landscape: env-option = dt=0.1: must be dt=0.01,init_range=0 (the run's) or omitted with --run.", error.Trim());
    }

    [Fact]
    public void AnOptionOfTheDynamicsChangesTheRun()
    {
        string slow = Path.Combine(directory, "dt-0.1");
        string fast = Path.Combine(directory, "dt-0.01");
        Assert.Equal(0, Run([.. Quadrotor, "--env-option", "dt=0.1", "--out", slow]).Code);
        Assert.Equal(0, Run([.. Quadrotor, "--env-option", "dt=0.01", "--out", fast]).Code);
        string[] a = File.ReadAllLines(Path.Combine(slow, "metrics.csv"));
        string[] b = File.ReadAllLines(Path.Combine(fast, "metrics.csv"));
        int column = Array.IndexOf(a[0].Split(','), "deterministic_return");
        Assert.NotEqual(a[1].Split(',')[column], b[1].Split(',')[column]);

        // dt = 0.1 is the env's default: giving it is the same run as giving nothing.
        string none = Path.Combine(directory, "none");
        Assert.Equal(0, Run([.. Quadrotor, "--out", none]).Code);
        Assert.Equal(a, File.ReadAllLines(Path.Combine(none, "metrics.csv")));
    }

    [Theory]
    [InlineData("foo=1", "kernel train: env_options: PlanarQuadrotor-v0 has no option 'foo'; its options are ")]
    [InlineData("dt=fast", "kernel train: env_options: option dt = 'fast': expected a finite number.")]
    [InlineData("dt", "kernel train: env_options = dt: must be key=value items, the option repeated or comma-separated, e.g. dt=0.01.")]
    public void ABadEnvOptionExits2WithOneLineNamingIt(string item, string expected)
    {
        string output = Path.Combine(directory, "bad");
        (int code, string error) = Run([.. Quadrotor, "--env-option", item, "--out", output]);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith(expected, error.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AConfigFileOrALandscapeWithAnUnknownKeyIsRefusedInOneLine()
    {
        string path = Path.Combine(directory, "config.json");
        File.WriteAllText(path, "{ \"algo\": \"ppo\", \"env\": \"Pendulum-v1\", \"env_options\": { \"gravity\": \"9.81\" } }");
        (int code, string error) = Run(["train", "--config", path, "--out", Path.Combine(directory, "run")]);
        Assert.Equal(2, code);
        Assert.Equal($"kernel train: config = {path}: env_options: Pendulum-v1 has no option 'gravity'; its options are g.", error.Trim());

        (code, error) = Run(["landscape", "--env", "PlanarQuadrotor-v0", "--controller", "affine", "--init", "lqr", "--env-option", "foo=1", "--out", Path.Combine(directory, "l")]);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("kernel landscape: env-option = foo=1: PlanarQuadrotor-v0 has no option 'foo'; its options are ", error.Trim(), StringComparison.Ordinal);
    }

    private static double FirstReturn(string evalOutput)
    {
        string line = evalOutput.Trim().Split('\n')[0]; // "episode 1: return -12.3 ..."
        return double.Parse(line.Split("return ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static (int Code, string Error) Run(string[] args)
    {
        (int code, string error, _) = RunWithOutput(args);
        return (code, error);
    }

    private static (int Code, string Error, string Output) RunWithOutput(string[] args) => InProcessKernel.Run(args);
}
