using Kernel.Algorithms.Diagnostics;
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
    [InlineData("--std", "exp", "std = exp: must be one of log-std, softplus-offset")]
    [InlineData("--log-prob-at", "mean", "log_prob_at = mean: must be one of clipped-action, raw-sample")]
    [InlineData("--checkpoint-every", "-1", "checkpoint_every = -1: must be at least 0 (0: no checkpoints)")]
    [InlineData("--fisher-product", "hessian", "fisher_product = hessian: must be one of gauss-newton, exact")]
    [InlineData("--max-kl", "0", "max_kl = 0: must be finite and > 0")]
    [InlineData("--line-search-shrink", "1.5", "line_search_shrink = 1.5: must be in (0, 1)")]
    [InlineData("--vmpo-eta-min", "0", "vmpo_eta_min = 0: must be finite and > 0")]
    [InlineData("--device", "gpu", "device = gpu: must be one of cpu, cuda, ilgpu-cpu")]
    public void BadSettingsExit2WithOneLineNamingTheSetting(string option, string value, string expected)
    {
        string output = Path.Combine(directory, "run");
        (int code, string error) = Run(["train", option, value, "--out", output]);
        Assert.Equal(2, code);
        Assert.Equal($"kernel train: {expected}", error.Split('\n')[0][..$"kernel train: {expected}".Length]);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void TrpoOptionsReachTheConfigAndItsSolverColumnsTheMetrics()
    {
        string run = Path.Combine(directory, "trpo");
        (int code, string error) = Run(["train", "--algo", "trpo", "--fisher-product", "exact", "--fisher-stride", "2", "--cg-iterations", "5",
            "--steps", "1024", "--envs", "2", "--rollout-steps", "256", "--out", run]);
        Assert.True(code == 0, error);
        TrainConfig config = TrainingRun.ReadConfig(run);
        Assert.Equal("trpo", config.Algo);
        Assert.Equal(Kernel.Algorithms.SecondOrder.FisherProductMode.Exact, config.TrustRegion.FisherProduct);
        Assert.Equal(2, config.TrustRegion.FisherStride);
        MetricsTable table = MetricsTable.Read(Path.Combine(run, "metrics.csv"));
        Assert.All(table.Column("cg_iters"), iterations => Assert.InRange(iterations, 1, 5));
        Assert.All(table.Column("linesearch_steps"), steps => Assert.InRange(steps, 1, 10));
    }

    [Fact]
    public void AShortRunWritesConfigAndMetricsAndItsConfigRerunsIdentically()
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
    public void MollifiedPgTrainsTheDoublePendulumFromK0ForAFewEpochs()
    {
        string run = Path.Combine(directory, "mollified");
        (int code, string error) = Run(["train", "--algo", "mollified-pg", "--env", "DoublePendulum-v0", "--init", "k0", "--fixed-std", "0.5",
            "--step-size", "1", "--trajectories-per-epoch", "4", "--horizon", "100", "--steps", "1200", "--out", run]);
        Assert.True(code == 0, error);
        TrainConfig config = TrainingRun.ReadConfig(run);
        Assert.Equal(Kernel.Algorithms.Mollification.ControllerInit.K0, config.Mollified.Init);
        Assert.Equal(400, config.BatchSize);
        MetricsTable table = MetricsTable.Read(Path.Combine(run, "metrics.csv"));
        Assert.Equal([400.0, 800, 1200], table.Column("step"));
        Assert.All(table.Column("deterministic_return"), j => Assert.True(double.IsFinite(j)));
        Assert.Equal(1.0, table.Column("policy_distance")[0], 1e-6);
        Assert.True(File.Exists(TrainingRun.CheckpointPath(run, 3)));
    }

    [Fact]
    public void MollifiedPgRefusesAnInitThatDoesNotFitTheEnv()
    {
        string run = Path.Combine(directory, "refused");
        (int code, string error) = Run(["train", "--algo", "mollified-pg", "--env", "DoublePendulum-v0", "--init", "lqr", "--out", run]);
        Assert.Equal(2, code);
        Assert.Equal("kernel train: init = lqr: must be k0 or random for DoublePendulum-v0 (lqr is PlanarQuadrotor-v0's optimum).", error.Trim());
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void AnUnreadableConfigIsAUsageError()
    {
        string path = Path.Combine(directory, "broken.json");
        File.WriteAllText(path, "{ \"gamma\": ");
        (int code, string error) = Run(["train", "--config", path]);
        Assert.Equal(2, code);
        Assert.StartsWith($"kernel train: config = {path}: not a valid configuration", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExplodingRunExits3AndKeepsItsFiles()
    {
        string output = Path.Combine(directory, "boom");
        (int code, string error) = Run(["train", "--precision", "fp16", "--learning-rate", "1000", "--max-grad-norm", "0", "--steps", "4096", "--out", output]);
        Assert.Equal(3, code);
        Assert.Contains("exploded at update 1", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "metrics.csv")));
        Assert.True(File.Exists(Path.Combine(output, TrainingRun.NumericsFileName)));
    }

    [Fact]
    public void SquashingWithAMeanTransformIsRefused()
    {
        (int code, string error) = Run(["train", "--squash", "true", "--mean-transform", "tanh", "--out", Path.Combine(directory, "x")]);
        Assert.Equal(2, code);
        Assert.StartsWith("kernel train: mean_transform = Tanh: must be none when squash is on", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeContinuesAKilledRunIntoTheSameMetricsAndEvalPrintsTheReturns()
    {
        string[] options = ["--env", "Pendulum-v1", "--steps", "1536", "--envs", "2", "--rollout-steps", "128", "--epochs", "2", "--checkpoint-every", "2", "--policy-hidden", "16"];
        string whole = Path.Combine(directory, "whole");
        string killed = Path.Combine(directory, "killed");
        Assert.Equal(0, Run(["train", .. options, "--out", whole]).Code);
        Assert.Equal(0, Run(["train", .. options, "--out", killed]).Code);
        File.Delete(TrainingRun.CheckpointPath(killed, 6));
        File.Delete(TrainingRun.CheckpointPath(killed, 4));

        Assert.Equal(0, Run(["train", "--resume", killed]).Code);
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "metrics.csv")), File.ReadAllText(Path.Combine(killed, "metrics.csv")));

        (int code, string error, string output) = RunWithOutput(["eval", "--run", killed, "--episodes", "2", "--seed", "4"]);
        Assert.Equal(0, code);
        Assert.Empty(error);
        string[] lines = output.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("episode 1: return -", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("mean return -", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("update-000006.safetensors)", lines[2], StringComparison.Ordinal);
        Assert.Equal(output, RunWithOutput(["eval", "--run", whole, "--episodes", "2", "--seed", "4"]).Output.Replace(whole, killed, StringComparison.Ordinal));
    }

    [Fact]
    public void ResumeAndEvalNameWhatIsWrongWithTheirInput()
    {
        (int code, string error) = Run(["train", "--resume", directory, "--gamma", "0.9"]);
        Assert.Equal(2, code);
        Assert.Equal("kernel train: --resume continues a run with its own config.json; only --steps may be given with it, not --gamma.", error.Trim());

        (code, error) = Run(["train", "--resume", Path.Combine(directory, "absent")]);
        Assert.Equal(2, code);
        Assert.Contains("absent: no such directory", error, StringComparison.Ordinal);

        (code, error) = Run(["train", "--resume", directory]);
        Assert.Equal(2, code);
        Assert.Contains("config.json does not exist", error, StringComparison.Ordinal);

        string run = Path.Combine(directory, "run");
        Assert.Equal(0, Run(["train", "--steps", "256", "--envs", "2", "--rollout-steps", "128", "--out", run]).Code);
        string checkpoint = TrainingRun.CheckpointPath(run, 1);
        byte[] bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, bytes[..^64]);
        (code, error) = Run(["eval", "--run", run]);
        Assert.Equal(2, code);
        Assert.StartsWith($"kernel eval: {checkpoint}:", error, StringComparison.Ordinal);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.True(File.Exists(checkpoint));

        (code, error) = Run(["eval", "--run", run, "--episodes", "0"]);
        Assert.Equal(2, code);
        Assert.Equal("kernel eval: episodes = 0: must be at least 1.", error.Trim());
    }

    [Theory]
    [InlineData("\"gama\": 0.9", "gama: not a setting (kernel train --help lists them).")]
    [InlineData("\"Gamma\": 0.9", "Gamma: not a setting; did you mean rollout.gamma?")]
    [InlineData("\"gamma\": null", "rollout.gamma: null is not allowed; expected a number.")]
    [InlineData("\"num_envs\": \"2\"", "rollout.num_envs: expected an integer.")]
    [InlineData("\"rollout\": { \"num_envs\": \"2\" }", "rollout.num_envs: expected an integer.")]
    [InlineData("\"kl_beta\": 0.5", "surrogate.kl_beta: does not apply to algo ppo (it applies to ppo-kl).")]
    [InlineData("\"surrogate\": { \"kl_beta\": 0.5 }", "surrogate.kl_beta: does not apply to algo ppo (it applies to ppo-kl).")]
    public void AConfigFileWithAnUnknownNullMistypedOrForeignKeyExits2NamingIt(string entry, string expected)
    {
        string path = Path.Combine(directory, "config.json");
        File.WriteAllText(path, $"{{ \"algo\": \"ppo\", {entry} }}");
        string output = Path.Combine(directory, "run");
        (int code, string error) = Run(["train", "--config", path, "--out", output]);
        Assert.Equal(2, code);
        Assert.Equal($"kernel train: config = {path}: {expected}", error.Trim());
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData(new[] { "--algo", "ppo", "--max-kl", "0.02" }, "trust_region.max_kl: does not apply to algo ppo (it applies to trpo, npg).")]
    [InlineData(new[] { "--env", "CartPole-v1", "--squash", "true" }, "policy.squash: does not apply to env CartPole-v1, whose actions are discrete (it applies to box (continuous) action spaces).")]
    [InlineData(new[] { "--env", "CartPole-v1", "--mean-shift", "100" }, "policy.gaussian.mean_shift: does not apply to env CartPole-v1, whose actions are discrete (it applies to box (continuous) action spaces).")]
    public void AnOptionThatDoesNotApplyExits2NamingIt(string[] options, string expected)
    {
        (int code, string error) = Run(["train", .. options, "--out", Path.Combine(directory, "run")]);
        Assert.Equal(2, code);
        Assert.Equal($"kernel train: {expected}", error.Trim());
    }

    [Fact]
    public void TheOldSpellingOfPpoNoclipIsRefusedWithTheRegisteredNames()
    {
        (int code, string error) = Run(["train", "--algo", "ppo-no-clip", "--out", Path.Combine(directory, "run")]);
        Assert.Equal(2, code);
        Assert.Equal($"kernel train: algo = ppo-no-clip: must be one of {Kernel.Algorithms.Registry.AlgorithmRegistry.Names}.", error.Trim());
        Assert.Contains("ppo-noclip", Kernel.Algorithms.Registry.AlgorithmRegistry.Names, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRegisteredAlgorithmTrainsUnderItsOneNameAndAOneStepAlgorithmTakesAnyBatch()
    {
        // mollified-pg refuses these actor-critic settings; MollifiedPgTrainsTheDoublePendulumFromK0ForAFewEpochs runs it.
        foreach (Kernel.Algorithms.Registry.Algorithm algorithm in Kernel.Algorithms.Registry.AlgorithmRegistry.All.Where(a => a.Trainer == TrainerRecipe.ActorCritic))
        {
            string run = Path.Combine(directory, algorithm.Name);
            (int code, string error) = Run(["train", "--algo", algorithm.Name, "--rollout-steps", "5", "--envs", "2", "--steps", "10",
                "--minibatch-size", "full-batch", "--policy-hidden", "4", "--value-hidden", "4", "--out", run]);
            Assert.True(code == 0, $"{algorithm.Name}: {error}");
            Assert.Equal(algorithm.Name, TrainingRun.ReadConfig(run).Algo);
            Assert.Contains($"\"algo\": \"{algorithm.Name}\"", File.ReadAllText(Path.Combine(run, TrainingRun.ConfigFileName)), StringComparison.Ordinal);
        }

        string a2c = Path.Combine(directory, "a2c-default");
        Assert.Equal(0, Run(["train", "--algo", "a2c", "--rollout-steps", "5", "--envs", "2", "--steps", "20", "--out", a2c]).Code);
        Assert.True(TrainingRun.ReadConfig(a2c).Optimizer.MinibatchSize.IsFullBatch);
    }

    [Fact]
    public void AlgosListPrintsEveryRegisteredNameWithItsSummary()
    {
        (int code, string error, string output) = RunWithOutput(["algos", "list"]);
        Assert.Equal(0, code);
        Assert.Empty(error);
        string[] lines = output.Trim().Split('\n');
        Assert.Equal(Kernel.Algorithms.Registry.AlgorithmRegistry.All.Count, lines.Length);
        foreach ((string line, Kernel.Algorithms.Registry.Algorithm algorithm) in lines.Zip(Kernel.Algorithms.Registry.AlgorithmRegistry.All))
        {
            Assert.StartsWith(algorithm.Name + " ", line, StringComparison.Ordinal);
            Assert.EndsWith(algorithm.Summary, line.TrimEnd(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TrainHelpListsEverySettingWithItsDocComment()
    {
        (int code, _, string output) = RunWithOutput(["train", "--help"]);
        Assert.Equal(0, code);
        foreach (Kernel.Algorithms.Registry.Setting setting in Kernel.Algorithms.Registry.Settings.All)
        {
            Assert.Contains($"--{setting.OptionName} ", output, StringComparison.Ordinal);
        }

        Assert.Contains("Env copies stepped together. Takes an integer.", output, StringComparison.Ordinal);
        Assert.Contains("Applies to: trpo, npg.", output, StringComparison.Ordinal);
    }

    private static (int Code, string Error) Run(string[] args)
    {
        (int code, string error, _) = RunWithOutput(args);
        return (code, error);
    }

    private static (int Code, string Error, string Output) RunWithOutput(string[] args) => InProcessKernel.Run(args);
}
