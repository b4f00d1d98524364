using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Objectives;

/// <summary>docs/extending.md's worked example: dual-clip PPO, registered as ppo-dualclip.</summary>
public sealed class DualClipRecipeTests
{
    [Fact]
    public void TheFloorBindsOnlyUnderANegativeAdvantageWhoseRatioRanAway()
    {
        var tape = new Tape<double>();
        Tensor<double> ratio = tape.Parameter(Shape.Vector(4), [0.5, 1.0, 5.0, 5.0], "ratio");
        double[] advantages = [1, -1, -1, 1];
        Tensor<double> objective = DualClipRecipe.PerSample(ratio, tape.Constant(Shape.Vector(4), advantages), advantages, epsilon: 0.2);

        // min(r A, clip(r) A): 0.5, -1, -5, 1.2; the floor 3 A = -3 lifts only the third.
        Assert.Equal([0.5, -1.0, -3.0, 1.2], objective.Values.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        tape.Backward(objective.Sum());
        Assert.Equal([1.0, -1.0, 0.0, 0.0], tape.AccumulatedGradient(ratio).Values.ToArray());
    }

    [Fact]
    public void PpoDualclipIsRegisteredAndTrainsLikeAnyAlgorithm()
    {
        Algorithm algorithm = AlgorithmRegistry.Get("ppo-dualclip");
        Assert.IsType<DualClipRecipe>(algorithm.Objective);
        TrainConfig defaults = TrainConfig.ForAlgorithm("ppo-dualclip");
        TrainConfig config = defaults with
        {
            TotalSteps = 128,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 32 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 16 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };
        using var trainer = PolicyGradientTrainer<double>.Open(config);
        UpdateRecord first = trainer.Update();
        Assert.False(first.Exploded, first.ExplodedAt);
        Assert.NotNull(first.ClipFraction);
        Assert.False(trainer.Update().Exploded);
    }
}
