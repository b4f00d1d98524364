using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class TrainCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-train-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("--algo", "sac", "algo = sac: must be one of reinforce, a2c")]
    [InlineData("--learning-rate", "-0.001", "learning_rate = -0.001: must be finite and > 0")]
    [InlineData("--gamma", "1.5", "gamma = 1.5: must be in [0, 1]")]
    [InlineData("--env", "Nope-v0", "env = Nope-v0: must be one of Pendulum-v1")]
    [InlineData("--mean-transform", "squash", "mean_transform = squash: must be one of none, clip, tanh")]
    [InlineData("--policy-hidden", "64,0", "policy_hidden = 64,0: must be comma-separated widths")]
    [InlineData("--steps", "-5", "total_steps = -5: must be at least 1")]
    public void Bad_settings_exit_2_with_one_line_naming_the_setting(string option, string value, string expected)
    {
        string output = Path.Combine(directory, "run");
        (int code, string error) = Run(["train", option, value, "--out", output]);
        Assert.Equal(2, code);
        Assert.Equal($"kernel train: {expected}", error.Split('\n')[0][..$"kernel train: {expected}".Length]);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_short_run_writes_config_and_metrics_and_its_config_reruns_identically()
    {
        string first = Path.Combine(directory, "first");
        (int code, _) = Run(["train", "--env", "CartPole-v1", "--steps", "1024", "--envs", "2", "--rollout-steps", "256", "--out", first]);
        Assert.Equal(0, code);
        string[] metrics = File.ReadAllLines(Path.Combine(first, "metrics.csv"));
        Assert.Equal(3, metrics.Length);

        string second = Path.Combine(directory, "second");
        Assert.Equal(0, Run(["train", "--config", Path.Combine(first, TrainingRun.ConfigFileName), "--out", second]).Code);
        Assert.Equal(metrics, File.ReadAllLines(Path.Combine(second, "metrics.csv")));
    }

    [Fact]
    public void An_unreadable_config_is_a_usage_error()
    {
        string path = Path.Combine(directory, "broken.json");
        File.WriteAllText(path, "{ \"gamma\": ");
        (int code, string error) = Run(["train", "--config", path]);
        Assert.Equal(2, code);
        Assert.StartsWith($"kernel train: config = {path}: not a valid configuration", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exploding_run_exits_3_and_keeps_its_files()
    {
        string output = Path.Combine(directory, "boom");
        (int code, string error) = Run(["train", "--precision", "fp16", "--learning-rate", "1000", "--max-grad-norm", "0", "--steps", "4096", "--out", output]);
        Assert.Equal(3, code);
        Assert.Contains("exploded at update 1", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "metrics.csv")));
        Assert.True(File.Exists(Path.Combine(output, TrainingRun.NumericsFileName)));
    }

    private static (int Code, string Error) Run(string[] args)
    {
        TextWriter originalOut = Console.Out, originalError = Console.Error;
        var error = new StringWriter();
        Console.SetOut(TextWriter.Null);
        Console.SetError(error);
        try
        {
            return (Program.Main(args), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
