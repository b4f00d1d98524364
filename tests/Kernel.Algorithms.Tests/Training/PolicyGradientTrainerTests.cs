using System.Text.Json;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

public sealed class PolicyGradientTrainerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-train-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("ppo")]
    [InlineData("cpg")]
    public void SolvesCartPoleWithin100kSteps(string algorithm)
    {
        // Issue 5: PPO and CPG reach a mean return >= 475 on CartPole-v1 within 100k steps.
        var trainer = PolicyGradientTrainer<float>.Open(TrainConfig.ForAlgorithm(algorithm) with { Env = "CartPole-v1", TotalSteps = 100_000, Seed = 3 });
        double best = double.NegativeInfinity;
        while (trainer.Steps < 100_000 && best < 475)
        {
            UpdateRecord record = trainer.Update();
            Assert.False(record.Exploded, record.ExplodedAt);
            if (!double.IsNaN(record.ReturnMean))
            {
                best = Math.Max(best, record.ReturnMean);
            }
        }

        Assert.True(best >= 475, $"{algorithm}: best mean return {best} after {trainer.Steps} steps");
    }

    [Fact]
    public void TwoRunsWithOneSeedWriteIdenticalMetrics()
    {
        TrainConfig config = new()
        {
            Env = "Pendulum-v1",
            TotalSteps = 3 * 512,
            Seed = 11,
            Rollout = new RolloutOptions { NumEnvs = 4, RolloutSteps = 128 },
            Optimizer = new OptimizerOptions { Epochs = 2 },
        };
        TrainingRun.Run(config, Path.Combine(directory, "a"));
        TrainingRun.Run(config, Path.Combine(directory, "b"));
        string first = File.ReadAllText(Path.Combine(directory, "a", MetricsWriter.CsvFileName));
        Assert.Equal(first, File.ReadAllText(Path.Combine(directory, "b", MetricsWriter.CsvFileName)));
        Assert.Equal(4, first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        TrainingRun.Run(config with { Seed = 12 }, Path.Combine(directory, "c"));
        Assert.NotEqual(first, File.ReadAllText(Path.Combine(directory, "c", MetricsWriter.CsvFileName)));
    }

    [Fact]
    public void TheWrittenConfigReadsBackAsTheSameConfiguration()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("ppo-kl");
        TrainConfig config = defaults with
        {
            TotalSteps = 512,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 256 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8, 4] },
        };
        TrainingRun.Run(config, directory);
        TrainConfig? read = JsonSerializer.Deserialize<TrainConfig>(File.ReadAllText(Path.Combine(directory, TrainingRun.ConfigFileName)), TrainingRun.JsonOptions);
        Assert.NotNull(read);
        Assert.Equal(JsonSerializer.Serialize(config, TrainingRun.JsonOptions), JsonSerializer.Serialize(read, TrainingRun.JsonOptions));
        Assert.Contains("\"algo\": \"ppo-kl\"", File.ReadAllText(Path.Combine(directory, TrainingRun.ConfigFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnosticsAreComputedForEveryUpdate()
    {
        var trainer = PolicyGradientTrainer<double>.Open(new TrainConfig { Env = "Pendulum-v1", TotalSteps = 4096, Rollout = new RolloutOptions { NumEnvs = 4, RolloutSteps = 256 }, Optimizer = new OptimizerOptions { Epochs = 2 } });
        UpdateRecord record = trainer.Update();
        Assert.Equal(1, record.Update);
        Assert.Equal(1024, record.Step);
        Assert.Equal(4, record.Episodes);                        // 256 steps of 4 copies: each finished one 200-step episode
        Assert.InRange(record.ReturnMean, -2000, 0);
        Assert.True(record.RatioLog10Max > 0);                   // the policy moved
        Assert.True(record.RatioLog10MaxClipped <= record.RatioLog10Max);   // the clip only ever lowers a ratio's contribution
        Assert.Equal(Math.Pow(10, record.RatioLog10Max), record.RatioMax, 1e-9);
        Assert.True(record.KlMean > 0 && record.KlMax >= record.KlMean);
        Assert.True(record.ApproxKl >= 0);
        Assert.InRange(record.ClipFraction!.Value, 0, 1);
        Assert.True(record.StdMin > 0);
        Assert.True(record.MeanOutsideBox >= 0);
        Assert.True(record.AdvAbsMean > 0);
        Assert.True(record.ValueLoss > 0);
        Assert.True(record.GradNorm > 0);
        Assert.NotNull(record.ExplainedVariance);
        Assert.False(record.Exploded);
    }

    [Fact]
    public void AnExplosionStopsTheRunWithItsReportAndKeepsTheMetrics()
    {
        // fp16, lr 1000, no clipping: the first Adam steps drive log_std to -1000, sigma underflows to 0 and the
        // log-prob divides by it: the loss becomes infinite in the second minibatch.
        TrainConfig config = new() { Precision = NumericPrecision.Fp16, TotalSteps = 20_000, Optimizer = new OptimizerOptions { LearningRate = 1000, MaxGradNorm = null } };
        TrainingOutcome outcome = TrainingRun.Run(config, directory);

        Assert.True(outcome.Exploded);
        Assert.Equal(1, outcome.Updates);
        Assert.StartsWith("loss = ", outcome.ExplodedAt, StringComparison.Ordinal);
        Assert.Contains("in fp16", outcome.MonitorReport, StringComparison.Ordinal);
        string[] rows = File.ReadAllLines(Path.Combine(directory, MetricsWriter.CsvFileName));
        Assert.Equal(2, rows.Length);
        Assert.Contains(",true,", rows[1], StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, TrainingRun.NumericsFileName)));
        Assert.Equal(outcome.ExplodedAt, report.RootElement.GetProperty("exploded_at").GetString());
    }

    [Fact]
    public void AnExplodedTrainerRefusesToContinue()
    {
        var trainer = PolicyGradientTrainer<Half>.Open(new TrainConfig { Precision = NumericPrecision.Fp16, TotalSteps = 20_000, Optimizer = new OptimizerOptions { LearningRate = 1000, MaxGradNorm = null } });
        Assert.True(trainer.Update().Exploded);
        Assert.NotNull(trainer.ExplosionReport);
        Assert.Throws<InvalidOperationException>(() => trainer.Update());
    }

    [Fact]
    public void ATanhSquashedPolicyTrainsAndActsInsideTheBox()
    {
        TrainConfig config = new()
        {
            TotalSteps = 1024,
            Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 128 },
            Optimizer = new OptimizerOptions { MinibatchSize = 64, Epochs = 2 },
            Policy = new PolicyOptions { Squash = true, Gaussian = new() { MeanShift = 5 } },
        };
        var trainer = PolicyGradientTrainer<double>.Open(config);
        for (int i = 0; i < 4; i++)
        {
            UpdateRecord record = trainer.Update();
            Assert.False(record.Exploded, record.ExplodedAt);
            Assert.True(record.KlMean is >= 0 and < 1, $"kl_mean {record.KlMean}");
            Assert.Null(record.MeanOutsideBox);
            Assert.True(record.StdMin > 0);
        }

        // A mean shifted by 5 squashes to tanh(5) * 2 = 1.9998 (Pendulum's box is [-2, 2]), inside the box.
        Assert.All(trainer.Evaluate(2, seed: 1), r => Assert.InRange(r, -16.2736044 * 200, 0));
        Assert.Equal("log_std", trainer.Parameters.Single(p => p.Name.EndsWith("std", StringComparison.Ordinal)).Name);
    }

    [Theory]
    [InlineData("value.4.bias", "value estimate = Infinity (rollout step 1, copy 1)")]
    [InlineData("policy.4.bias", "action = NaN (rollout step 1, copy 1)")]
    public void ANonFiniteNetworkOutputDuringTheRolloutExplodesTheUpdateCleanly(string parameter, string expected)
    {
        var trainer = PolicyGradientTrainer<Half>.Open(new TrainConfig { Precision = NumericPrecision.Fp16, TotalSteps = 640, Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 32 }, Optimizer = new OptimizerOptions { MinibatchSize = 32 } });
        Half poison = parameter.StartsWith("value", StringComparison.Ordinal) ? Half.PositiveInfinity : Half.NaN;
        Kernel.Algorithms.Nn.NamedParameter<Half> target = trainer.Parameters.Single(p => p.Name == parameter);
        target.Tensor.SetValues(Enumerable.Repeat(poison, target.Tensor.Shape.Length).ToArray());

        UpdateRecord record = trainer.Update();

        Assert.True(record.Exploded);
        Assert.Equal(expected, record.ExplodedAt);
        Assert.Equal(1, trainer.Updates);
        Assert.Equal(0, trainer.Steps);
        Assert.NotNull(trainer.ExplosionReport);
        Assert.Contains(parameter, trainer.ExplosionReport!.Describe(), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => trainer.Update());
    }

    [Theory]
    [InlineData("gamma", 1.5)]
    [InlineData("learning_rate", -1e-3)]
    [InlineData("clip_epsilon", 1.0)]
    [InlineData("minibatch_size", 0)]
    public void SettingsOutOfRangeNameTheSetting(string name, double value)
    {
        TrainConfig config = name switch
        {
            "gamma" => new TrainConfig { Rollout = new RolloutOptions { Gamma = value } },
            "learning_rate" => new TrainConfig { Optimizer = new OptimizerOptions { LearningRate = value } },
            "clip_epsilon" => new TrainConfig { Surrogate = new SurrogateOptions { ClipEpsilon = value } },
            _ => new TrainConfig { Optimizer = new OptimizerOptions { MinibatchSize = (int)value } },
        };
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => PolicyGradientTrainer<float>.Open(config));
        Assert.Equal(name, error.ParamName);
        Assert.StartsWith($"{name} = ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAlgorithmRunsAnUpdateOnADiscreteAndAContinuousEnv()
    {
        foreach (string algorithm in AlgorithmRegistry.All.Where(entry => entry.Trainer == TrainerRecipe.ActorCritic).Select(entry => entry.Name))
        {
            foreach (string env in new[] { "CartPole-v1", "Pendulum-v1" })
            {
                TrainConfig defaults = TrainConfig.ForAlgorithm(algorithm);
                TrainConfig config = defaults with
                {
                    Env = env,
                    TotalSteps = 128,
                    Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 64 },
                    Optimizer = defaults.Optimizer with { MinibatchSize = 32 },
                };
                var trainer = PolicyGradientTrainer<float>.Open(config);
                UpdateRecord record = trainer.Update();
                Assert.False(record.Exploded, $"{algorithm} on {env}: {record.ExplodedAt}");
                Assert.True(double.IsFinite(record.KlMean), $"{algorithm} on {env}");
                Assert.Equal(algorithm == "ppo-kl", record.Beta is not null);
            }
        }
    }
}
