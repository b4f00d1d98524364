using System.Text.Json;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Registry;

/// <summary>Walks the registry: every entry trains one update from its own defaults, its config round-trips through JSON, and its one name is what config.json holds.</summary>
public sealed class AlgorithmRegistryTests
{
    public static TheoryData<string> Names() => [.. AlgorithmRegistry.All.Select(algorithm => algorithm.Name)];

    /// <summary>The entries trained by the actor-critic trainer (mollified-pg has its own; Mollification tests cover it).</summary>
    public static TheoryData<string> ActorCriticNames() => [.. AlgorithmRegistry.All.Where(algorithm => algorithm.Trainer == TrainerRecipe.ActorCritic).Select(algorithm => algorithm.Name)];

    [Theory]
    [MemberData(nameof(ActorCriticNames))]
    public void EveryEntryTrainsOneUpdateFromItsDefaults(string name)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm(name);
        TrainConfig config = defaults with
        {
            TotalSteps = 64,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 32 },
            Optimizer = defaults.Optimizer with { MinibatchSize = defaults.Optimizer.MinibatchSize.IsFullBatch ? MinibatchSize.FullBatch : 16 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };
        using var trainer = PolicyGradientTrainer<double>.Open(config);
        UpdateRecord record = trainer.Update();
        Assert.False(record.Exploded, record.ExplodedAt);
        Assert.Equal(1, record.Update);
        Assert.Equal(64, record.Step);
        Assert.True(double.IsFinite(record.KlMean), $"{name}: kl_mean {record.KlMean}");
        Assert.Same(AlgorithmRegistry.Get(name), trainer.Algorithm);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryEntryRoundTripsThroughJsonUnderItsOneName(string name)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm(name);
        string json = JsonSerializer.Serialize(defaults, TrainingRun.JsonOptions);
        Assert.Contains($"\"algo\": \"{name}\"", json, StringComparison.Ordinal);

        TrainConfig read = TrainConfigReader.Read(json);
        Assert.Equal(name, read.Algo);
        Assert.Equal(json, JsonSerializer.Serialize(read, TrainingRun.JsonOptions));
        Assert.Equal(json, JsonSerializer.Serialize(TrainConfigReader.FromDefaults(name, new Dictionary<string, string> { ["algo"] = name }), TrainingRun.JsonOptions));
    }

    [Fact]
    public void NamesAreUniqueLowerCaseWordsAndEveryEntryHasASummaryWithAReference()
    {
        string[] names = [.. AlgorithmRegistry.All.Select(algorithm => algorithm.Name)];
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", name));
        Assert.All(AlgorithmRegistry.All, algorithm => Assert.Matches(@"\((0\d\d |[A-Z][a-z]+ et al\. \d{4})", algorithm.Summary));
        Assert.Equal("ppo-noclip", AlgorithmRegistry.Get("ppo-noclip").Name);
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => AlgorithmRegistry.Get("ppo-no-clip"));
        Assert.StartsWith("algo = ppo-no-clip: must be one of reinforce, a2c, vpg, ppo,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CollectingFromAFrozenPolicyIsOneCallAndChangesNoParameter()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("ppo");
        TrainConfig config = defaults with
        {
            TotalSteps = 64,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 16 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 8 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };
        using var trainer = PolicyGradientTrainer<double>.Open(config);
        double[][] before = [.. trainer.Parameters.Select(p => p.Tensor.Values.ToArray())];
        RolloutBuffer first = trainer.Collect();
        double[] advantages = [.. first.Advantages];
        RolloutBuffer second = trainer.Collect();
        Assert.Equal(64, trainer.Steps);
        Assert.Equal(0, trainer.Updates);
        Assert.NotEqual(advantages, second.Advantages.ToArray());
        Assert.Equal(before, trainer.Parameters.Select(p => p.Tensor.Values.ToArray()));
    }

    [Fact]
    public void TheOneStepAlgorithmsTakeOneFullBatchWhateverItsSize()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("a2c");
        TrainConfig config = defaults with
        {
            TotalSteps = 20,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 5 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };
        Assert.True(config.Optimizer.MinibatchSize.IsFullBatch);
        Assert.Equal(10, config.MinibatchSamples);
        using var trainer = PolicyGradientTrainer<float>.Open(config);
        while (trainer.Updates < config.Updates)
        {
            Assert.False(trainer.Update().Exploded);
        }

        Assert.Equal(2, trainer.Updates);
        Assert.Equal(2, trainer.Optimizer.StepCount);
    }
}
