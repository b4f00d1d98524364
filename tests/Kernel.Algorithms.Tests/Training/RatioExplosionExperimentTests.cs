using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>
/// The short version of `kernel reproduce 000-ratio-explosion` (docs/reproductions/000/README.md): seed paper 000's deliberate failure
/// (mean shifted by c = 100, Table 3's PPO settings) on DoublePendulum-v0, with a [64, 64] policy and two updates
/// instead of [1024, 1024] and ten, so it runs in seconds. It pins what the full sweep showed.
/// </summary>
public sealed class RatioExplosionExperimentTests
{
    private static TrainConfig Config(string algorithm, NumericPrecision precision, MeanTransform transform = MeanTransform.None) => new()
    {
        Env = "DoublePendulum-v0",
        Algo = algorithm,
        Precision = precision,
        Seed = 1,
        TotalSteps = 2000,
        Activation = Activation.Tanh,
        CheckpointEvery = 0,
        Rollout = new RolloutOptions { NumEnvs = 1, RolloutSteps = 1000, NormalizeAdvantages = false, NormalizeObservations = false, ScaleRewards = false },
        Optimizer = new OptimizerOptions { Epochs = 10, MinibatchSize = 64, LearningRate = 1e-4, AnnealLearningRate = false, MaxGradNorm = 1 },
        Policy = new PolicyOptions { Hidden = [64, 64], InitialStd = 1, Gaussian = new GaussianOptions { MeanShift = GaussianOptions.PaperMeanShift, MeanTransform = transform } },
        Value = new ValueOptions { Hidden = [64, 64], ClipValueLoss = false },
    };

    [Fact]
    public void InFp16TheRewardScaleAdvantagesOverflowBeforeAnyRatioDoes()
    {
        var trainer = PolicyGradientTrainer<Half>.Open(Config("ppo", NumericPrecision.Fp16));
        var record = trainer.Update();

        Assert.True(record.Exploded);
        Assert.Equal("loss = Infinity (epoch 1, minibatch 1)", record.ExplodedAt);
        string report = trainer.ExplosionReport!.Describe();
        // The true first overflow: the advantages (about 1.4e8) as they are cast from fp64 into the fp16 tape.
        Assert.StartsWith("cast(\"advantage\") = -1.424E+08 < fp16 min -65504", report, StringComparison.Ordinal);
        Assert.Contains("a = host fp64(\"advantage\") [64]", report, StringComparison.Ordinal);
        Assert.True(record.RatioLog10Max <= 0, $"ratio_log10_max {record.RatioLog10Max}");
    }

    [Theory]
    [InlineData("ppo")]
    [InlineData("ppo-noclip")]
    [InlineData("cpg")]
    public void InFp32TheRatiosCollapseTowardZeroInsteadOfOverflowing(string algorithm)
    {
        var trainer = PolicyGradientTrainer<float>.Open(Config(algorithm, NumericPrecision.Fp32));
        for (int update = 0; update < 2; update++)
        {
            var record = trainer.Update();
            Assert.False(record.Exploded, record.ExplodedAt);
            Assert.True(record.RatioLog10Max <= 0, $"ratio_log10_max {record.RatioLog10Max}: no ratio rose above 1");
            Assert.True(record.ApproxKl > 10, $"approx_kl {record.ApproxKl}: the sampled log-ratios fell by tens of nats");
            Assert.True(record.MeanOutsideBox > 80, $"mean_outside_box {record.MeanOutsideBox}");
        }
    }

    [Theory]
    [InlineData(MeanTransform.Clip)]
    [InlineData(MeanTransform.Tanh)]
    public void AMeanTransformKeepsThePolicyInsideTheBoxAndTheUpdateSmall(MeanTransform transform)
    {
        var trainer = PolicyGradientTrainer<float>.Open(Config("ppo", NumericPrecision.Fp32, transform));
        for (int update = 0; update < 2; update++)
        {
            var record = trainer.Update();
            Assert.False(record.Exploded, record.ExplodedAt);
            Assert.True(record.ApproxKl < 0.01, $"approx_kl {record.ApproxKl}");
            Assert.True(record.MeanOutsideBox > 80, $"mean_outside_box {record.MeanOutsideBox} (measured before the transform)");
        }
    }
}
