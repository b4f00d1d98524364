using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Mollification;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Mollification;

/// <summary>
/// mollified-pg through TrainingRun: settings refused with one line naming setting, value and what is allowed; a run
/// killed after a checkpoint resumes into the uninterrupted run bit for bit; the metrics carry J(theta); the run is
/// the same for any number of workers.
/// </summary>
public sealed class MollifiedTrainingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-mollified-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("DoublePendulum-v0", "mollified.init", "lqr", "init = lqr: must be k0 or random for DoublePendulum-v0 (lqr is PlanarQuadrotor-v0's optimum).")]
    [InlineData("PlanarQuadrotor-v0", "mollified.init", "k0", "init = k0: must be lqr or random for PlanarQuadrotor-v0 (k0 is DoublePendulum-v0's gain).")]
    [InlineData("PlanarQuadrotor-v0", "mollified.controller", "linear", "controller = linear: must be affine with init = lqr (u0 = -K0 s + b0).")]
    [InlineData("Pendulum-v1", "mollified.init", "k0", "init = k0: must be random for Pendulum-v1 (k0 is DoublePendulum-v0's gain).")]
    [InlineData("DoublePendulum-v0", "precision", "fp16", "precision = fp16: must be fp32 or fp64 for mollified-pg.")]
    [InlineData("CartPole-v1", "mollified.init", "random", "env = CartPole-v1: must be an env with a box (continuous) action space for mollified-pg.")]
    public void ASettingThatDoesNotFitTheEnvIsRefusedInOneLine(string env, string key, string value, string expected)
    {
        var overrides = new Dictionary<string, string> { ["env"] = env, ["mollified.init"] = env == "DoublePendulum-v0" ? "k0" : env == "PlanarQuadrotor-v0" ? "lqr" : "random", ["mollified.controller"] = env == "PlanarQuadrotor-v0" ? "affine" : "linear" };
        overrides[key] = value;
        TrainConfig config = TrainConfigReader.FromDefaults("mollified-pg", overrides);
        string run = Path.Combine(directory, "refused");
        var exception = Assert.ThrowsAny<ArgumentException>(() => TrainingRun.Run(config, run));
        Assert.Equal(expected, exception.Message.Split(" (Parameter", 2)[0].Split('\n')[0]);
        Assert.False(Directory.Exists(run));
    }

    [Theory]
    [InlineData("mollified.fixed_std", "0", "fixed_std = 0: must be finite and > 0.")]
    [InlineData("mollified.step_size", "-1", "step_size = -1: must be finite and > 0.")]
    [InlineData("mollified.trajectories_per_epoch", "0", "trajectories_per_epoch = 0: must be in 1..65536.")]
    [InlineData("mollified.horizon", "0", "horizon = 0: must be in 1..1000000.")]
    [InlineData("mollified.controller_hidden", "0", "controller_hidden = 0: must be in 1..4096.")]
    public void AnOutOfRangeSettingIsRefusedInOneLine(string key, string value, string expected)
    {
        var exception = Assert.Throws<ConfigException>(() => TrainConfigReader.FromDefaults("mollified-pg", new Dictionary<string, string> { [key] = value }));
        Assert.Equal(expected, exception.Message);
    }

    [Fact]
    public void ItsSettingsAreRefusedForOtherAlgorithms()
    {
        var exception = Assert.Throws<ConfigException>(() => TrainConfigReader.FromDefaults("ppo", new Dictionary<string, string> { ["mollified.fixed_std"] = "0.2" }));
        Assert.Contains("mollified-pg", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("optimizer.learning_rate", "0.01")]
    [InlineData("policy.hidden", "8")]
    [InlineData("rollout.gae_lambda", "0.9")]
    [InlineData("optimizer.epochs", "3")]
    public void ActorCriticSettingsAreRefusedForIt(string key, string value)
    {
        var exception = Assert.Throws<ConfigException>(() => TrainConfigReader.FromDefaults("mollified-pg", new Dictionary<string, string> { [key] = value }));
        Assert.StartsWith($"{key}: does not apply to algo mollified-pg (it applies to reinforce, a2c, ", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NumericPrecision.Fp32)]
    [InlineData(NumericPrecision.Fp64)]
    public void ARunKilledAfterACheckpointResumesIntoTheUninterruptedRun(NumericPrecision precision)
    {
        TrainConfig config = Short(precision, workers: 2);
        string whole = Path.Combine(directory, "whole");
        string killed = Path.Combine(directory, "killed");
        TrainingRun.Run(config, whole);
        TrainingRun.Run(config, killed);

        // A kill during update 4: its checkpoint gone, its rows half written.
        File.Delete(TrainingRun.CheckpointPath(killed, 4));
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.CsvFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.CsvFileName))[..4]);
        File.AppendAllText(Path.Combine(killed, MetricsWriter.CsvFileName), "4,800,");
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName))[..2]);

        Assert.Equal(4, TrainingRun.Resume(killed).Updates);
        foreach (string file in new[] { MetricsWriter.CsvFileName, MetricsWriter.JsonLinesFileName })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(whole, file)), File.ReadAllText(Path.Combine(killed, file)));
        }

        Assert.Equal(File.ReadAllBytes(TrainingRun.CheckpointPath(whole, 4)), File.ReadAllBytes(TrainingRun.CheckpointPath(killed, 4)));
        Assert.Equal(TrainingRun.Evaluate(whole, null, 2, 9), TrainingRun.Evaluate(killed, null, 2, 9));
    }

    [Fact]
    public void AnInterruptStopsAfterAWholeEpochWithACheckpointAndTheResumeMatchesTheUninterruptedRun()
    {
        TrainConfig config = Short(NumericPrecision.Fp32, workers: 2);
        string whole = Path.Combine(directory, "whole");
        string interrupted = Path.Combine(directory, "interrupted");
        TrainingRun.Run(config, whole);
        var interrupt = new InterruptRequest();

        TrainingOutcome outcome = TrainingRun.Run(config, interrupted, record =>
        {
            if (record.Update == 1)
            {
                Assert.True(interrupt.Request("SIGINT"));
            }
        }, interrupt: interrupt);

        Assert.Equal(("SIGINT", 1L), (outcome.InterruptedBy, outcome.Updates));
        Assert.Equal(TrainingRun.CheckpointPath(interrupted, 1), TrainingRun.LatestCheckpoint(interrupted));
        Assert.Null(TrainingRun.Resume(interrupted).InterruptedBy);
        Assert.Equal(File.ReadAllText(Path.Combine(whole, MetricsWriter.CsvFileName)), File.ReadAllText(Path.Combine(interrupted, MetricsWriter.CsvFileName)));
        Assert.Equal(File.ReadAllBytes(TrainingRun.CheckpointPath(whole, 4)), File.ReadAllBytes(TrainingRun.CheckpointPath(interrupted, 4)));
    }

    [Fact]
    public void TheMetricsCarryJThetaAndTheGradientNormAndDoNotDependOnTheWorkers()
    {
        string one = Path.Combine(directory, "one");
        string two = Path.Combine(directory, "two");
        TrainingRun.Run(Short(NumericPrecision.Fp64, workers: 1), one);
        TrainingRun.Run(Short(NumericPrecision.Fp64, workers: 2), two);
        Assert.Equal(File.ReadAllText(Path.Combine(one, MetricsWriter.CsvFileName)), File.ReadAllText(Path.Combine(two, MetricsWriter.CsvFileName)));
        MetricsTable table = MetricsTable.Read(Path.Combine(one, MetricsWriter.CsvFileName));
        Assert.Equal([200.0, 400, 600, 800], table.Column("step"));
        Assert.All(table.Column("deterministic_return"), j => Assert.True(double.IsFinite(j) && j < 0));
        Assert.All(table.Column("grad_norm"), norm => Assert.True(norm > 0));
        Assert.All(table.Column("std_min"), sigma => Assert.Equal(0.5, sigma));

        // Every epoch moves theta by delta = 0.1, so theta_k is at most 0.1 k from theta_0.
        double[] distance = table.Column("policy_distance");
        Assert.Equal(0.1, distance[0], 1e-12);
        Assert.All(distance.Select((d, k) => (d, k)), pair => Assert.InRange(pair.d, 0, (0.1 * (pair.k + 1)) + 1e-12));
    }

    [Fact]
    public void TheDeterministicReturnOfK0IsThePapersUnstableStart()
    {
        // u = -K0 s from s0 = (-0.2, 0.2, 0, 0): 100 steps of the deterministic controller, the same for every call.
        using var trainer = new MollifiedPolicyGradientTrainer<double>(Short(NumericPrecision.Fp64, workers: 2));
        double first = trainer.DeterministicReturn();
        Assert.Equal(first, trainer.DeterministicReturn());
        Assert.True(first < -1000, $"J(K0) = {first}");
    }

    private static TrainConfig Short(NumericPrecision precision, int workers)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("mollified-pg");
        return defaults with
        {
            Env = "DoublePendulum-v0",
            Precision = precision,
            Seed = 3,
            TotalSteps = 4 * 4 * 50,
            CheckpointEvery = 2,
            Rollout = defaults.Rollout with { NumEnvs = workers },
            Mollified = new MollifiedOptions { Init = ControllerInit.K0, FixedStd = 0.5, StepSize = 0.1, TrajectoriesPerEpoch = 4, Horizon = 50 },
        };
    }
}
