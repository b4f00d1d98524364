using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>
/// TRPO, NPG and V-MPO in the trainer: TRPO's accepted steps keep the mean KL within delta, NPG steps every update,
/// V-MPO's multipliers stay positive under an optimiser that pushes them below zero, and TRPO and V-MPO learn
/// Pendulum-v1 (return above -400) within 300k steps for seed 1 (docs/reproductions/001/trust-regions.md has three seeds).
/// </summary>
public class SecondOrderTrainingTests
{
    [Fact]
    public void EveryTrpoUpdateKeepsTheMeanKlWithinDeltaAndReportsItsSolver()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("trpo");
        TrainConfig config = defaults with
        {
            TotalSteps = 12 * 512,
            Rollout = defaults.Rollout with { NumEnvs = 4, RolloutSteps = 128 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 128, Epochs = 2 },
            Policy = defaults.Policy with { Hidden = [16] },
            Value = defaults.Value with { Hidden = [16] },
        };
        var trainer = PolicyGradientTrainer<double>.Open(config);
        int accepted = 0;
        for (int update = 0; update < 12; update++)
        {
            UpdateRecord record = trainer.Update();
            Assert.False(record.Exploded, record.ExplodedAt);
            Assert.True(record.KlMean <= config.TrustRegion.MaxKl, $"update {update + 1}: kl_mean {record.KlMean} > delta {config.TrustRegion.MaxKl}");
            Assert.InRange(record.LinesearchSteps!.Value, 1, config.TrustRegion.LineSearchSteps);
            Assert.InRange(record.CgIters!.Value, 1, config.TrustRegion.CgIterations);
            Assert.True(record.CgResidual >= 0);
            accepted += record.KlMean > 0 ? 1 : 0;
        }

        Assert.True(accepted >= 6, $"only {accepted} of 12 steps were accepted");
    }

    [Fact]
    public void NpgTakesItsStepEveryUpdateWithoutALineSearch()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("npg");
        TrainConfig config = defaults with
        {
            TotalSteps = 4 * 512,
            Rollout = defaults.Rollout with { NumEnvs = 4, RolloutSteps = 128 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 128, Epochs = 1 },
            Policy = defaults.Policy with { Hidden = [16] },
            Value = defaults.Value with { Hidden = [16] },
        };
        var trainer = PolicyGradientTrainer<float>.Open(config);
        for (int update = 0; update < 4; update++)
        {
            double[] before = PolicyValues(trainer);
            UpdateRecord record = trainer.Update();
            Assert.Null(record.LinesearchSteps);
            Assert.True(record.KlMean > 0);
            Assert.NotEqual(before, PolicyValues(trainer));
        }
    }

    [Theory]
    [InlineData("trpo")]
    [InlineData("npg")]
    public void ASigmaThatRoundsToZeroInFp16ExplodesTheRolloutInsteadOfFailingTheNaturalGradientStep(string algorithm)
    {
        // exp(log 1e-8) is below fp16's smallest subnormal (6e-8): every sigma the rollout stores is 0.
        TrainConfig defaults = TrainConfig.ForAlgorithm(algorithm);
        TrainConfig config = defaults with
        {
            Precision = NumericPrecision.Fp16,
            TotalSteps = 4 * 64,
            Rollout = defaults.Rollout with { NumEnvs = 4, RolloutSteps = 64 },
            Policy = defaults.Policy with { Hidden = [16], InitialStd = 1e-8 },
            Value = defaults.Value with { Hidden = [16] },
        };
        var trainer = PolicyGradientTrainer<Half>.Open(config);

        UpdateRecord record = trainer.Update();

        Assert.True(record.Exploded);
        Assert.Equal("old policy sigma of coordinate 0 = 0 (rollout step 1, copy 1)", record.ExplodedAt);
    }

    [Fact]
    public void VmpoMultipliersStayPositiveWhenTheOptimiserPushesThemBelowZero()
    {
        // Tiny initial multipliers and a large learning rate: Adam's first steps alone would take them negative.
        TrainConfig defaults = TrainConfig.ForAlgorithm("vmpo");
        TrainConfig config = defaults with
        {
            TotalSteps = 4 * 128,
            Vmpo = new() { EtaInit = 1e-3, NuMeanInit = 1e-6, NuStdInit = 1e-6, EtaMin = 1e-4, NuMin = 1e-7 },
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 64 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 32, Epochs = 2, LearningRate = 0.05 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };
        var trainer = PolicyGradientTrainer<float>.Open(config);
        bool projected = false;
        for (int update = 0; update < 4; update++)
        {
            UpdateRecord record = trainer.Update();
            Assert.False(record.Exploded, record.ExplodedAt);
            Assert.True(record.Eta >= (float)1e-4, $"eta {record.Eta}");
            Assert.True(record.Nu >= (float)1e-7, $"nu {record.Nu}");
            double nuStd = Value(trainer, "vmpo.nu_std");
            Assert.True(nuStd >= (float)1e-7, $"nu_std {nuStd}");
            projected |= record.Nu == (float)1e-7 || nuStd == (float)1e-7 || record.Eta == (float)1e-4;
        }

        Assert.True(projected, "the test must drive at least one multiplier onto its floor");
    }

    [Theory]
    [InlineData("trpo")]
    [InlineData("vmpo")]
    public void LearnsPendulumAboveMinus400Within300kSteps(string algorithm)
    {
        TrainConfig config = TrainConfig.ForAlgorithm(algorithm) with { Env = "Pendulum-v1", TotalSteps = 300_000, Seed = 1 };
        var trainer = PolicyGradientTrainer<float>.Open(config);
        double best = double.NegativeInfinity;
        while (trainer.Steps < config.TotalSteps && best <= -400)
        {
            UpdateRecord record = trainer.Update();
            Assert.False(record.Exploded, record.ExplodedAt);
            best = double.IsNaN(record.ReturnMean) ? best : Math.Max(best, record.ReturnMean);
        }

        Assert.True(best > -400, $"{algorithm}: best mean return {best} after {trainer.Steps} steps");
    }

    private static double[] PolicyValues(PolicyGradientTrainer<float> trainer)
        => [.. trainer.Parameters.Where(p => p.Name.StartsWith("policy", StringComparison.Ordinal)).SelectMany(p => p.Tensor.Values.ToArray()).Select(v => (double)v)];

    private static double Value(PolicyGradientTrainer<float> trainer, string name)
    {
        NamedParameter<float> parameter = trainer.Parameters.Single(p => p.Name == name);
        return parameter.Tensor.Values[0];
    }
}
