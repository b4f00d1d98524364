using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>The policy_distance metric (000 Fig 7 b, c): the policy network's L2 distance from its initialisation on the first rollout's states.</summary>
public sealed class PolicyDistanceTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-distance-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static TrainConfig Config => new()
    {
        TotalSteps = 4 * 128,
        CheckpointEvery = 2,
        Seed = 9,
        Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 64 },
        Optimizer = new OptimizerOptions { MinibatchSize = 32, Epochs = 2, LearningRate = 3e-3 },
        Policy = new PolicyOptions { Hidden = [8] },
        Value = new ValueOptions { Hidden = [8] },
    };

    [Fact]
    public void TheDistanceGrowsWithTrainingAndIsExactlyZeroAtTheInitialWeights()
    {
        var trainer = PolicyGradientTrainer<double>.Open(Config);
        Assert.Null(trainer.Distance.Inputs);
        NamedParameter<double>[] policy = [.. trainer.Parameters.Where(p => p.Name.StartsWith("policy.", StringComparison.Ordinal))];
        double[][] initial = [.. policy.Select(p => p.Tensor.Values.ToArray())];

        var distances = new List<double>();
        for (int i = 0; i < 4; i++)
        {
            distances.Add(trainer.Update().PolicyDistance!.Value);
        }

        Assert.Equal(128, trainer.Distance.Rows);
        Assert.All(distances, d => Assert.True(d > 0, $"distances {string.Join(", ", distances)}"));
        Assert.True(distances[3] > distances[0], $"distances {string.Join(", ", distances)}");

        // Back at theta_0 the network reproduces the stored initial outputs bit for bit.
        for (int i = 0; i < policy.Length; i++)
        {
            policy[i].Tensor.SetValues(initial[i]);
        }

        Assert.Equal(0, trainer.Distance.Measure(trainer.Networks));
    }

    [Fact]
    public void TheFixedBatchIsTheFirstRolloutsNetworkInputCappedAt1024Rows()
    {
        TrainConfig config = Config with
        {
            TotalSteps = 2048,
            Rollout = Config.Rollout with { NumEnvs = 8, RolloutSteps = 256 },
            Optimizer = Config.Optimizer with { MinibatchSize = 1024, Epochs = 1 },
        };
        var trainer = PolicyGradientTrainer<float>.Open(config);
        UpdateRecord record = trainer.Update();
        Assert.Equal(1024, trainer.Distance.Rows);
        Assert.Equal(trainer.Collector.Buffer.Observations.AsSpan(0, 1024 * trainer.Collector.Envs.ObservationSize).ToArray(), trainer.Distance.Inputs);
        Assert.True(record.PolicyDistance > 0);
    }

    [Fact]
    public void AResumedRunWritesTheSameDistancesAsTheUninterruptedRun()
    {
        TrainConfig config = Config with { Optimizer = Config.Optimizer with { Kind = OptimizerKind.Sgd, LearningRate = 0.05 } };
        string whole = Path.Combine(directory, "whole");
        string killed = Path.Combine(directory, "killed");
        TrainingRun.Run(config, whole);
        TrainingRun.Run(config, killed);
        File.Delete(TrainingRun.CheckpointPath(killed, 4));
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.CsvFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.CsvFileName))[..3]);
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName))[..2]);

        TrainingRun.Resume(killed);

        double[] expected = Column(whole);
        Assert.Equal(4, expected.Length);
        Assert.All(expected, d => Assert.True(d > 0));
        Assert.Equal(expected, Column(killed));
    }

    private static double[] Column(string run)
    {
        string[] lines = File.ReadAllLines(Path.Combine(run, MetricsWriter.CsvFileName));
        int column = Array.IndexOf(lines[0].Split(','), "policy_distance");
        return [.. lines[1..].Select(line => double.Parse(line.Split(',')[column], System.Globalization.CultureInfo.InvariantCulture))];
    }
}
