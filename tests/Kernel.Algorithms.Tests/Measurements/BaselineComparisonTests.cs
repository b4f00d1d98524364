using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>Fig 5's comparison: the value-network baseline is the run's own estimator, and the true value function is a fit.</summary>
public sealed class BaselineComparisonTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-baselines-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TheValueNetworkBaselineGivesTheGradientQualityEstimatesAndTheFitLowersItsLoss()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp64) with { Env = "CartPole-v1" };
        string checkpoint = MeasurementFixture.Train(config, directory);
        int[] samples = [100, 300];

        BaselineResult baselines;
        using (PolicyGradientTrainer<double> trainer = CheckpointTrainer.Open<double>(config, checkpoint))
        {
            baselines = BaselineComparison.Measure(trainer, samples, 3, 3000, 5, seed: 4);
        }

        GradientQualityResult plain;
        using (PolicyGradientTrainer<double> trainer = CheckpointTrainer.Open<double>(config, checkpoint))
        {
            plain = GradientQuality.Measure(trainer, samples, 3, 300, seed: 4);
        }

        Assert.Equal(plain.Pairwise, baselines.Pairwise[0]);
        Assert.True(baselines.FittedSamples > 2000, $"{baselines.FittedSamples} of 3000 CartPole states have an empirical return");
        Assert.True(baselines.FitLosses[^1] < baselines.FitLosses[0], string.Join(", ", baselines.FitLosses));
        Assert.All(baselines.ReturnsMre[2], mre => Assert.Equal(1, mre)); // |0 - R| / |R|
        Assert.All(baselines.Pairwise, perBaseline => Assert.All(perBaseline, cosines => Assert.Equal(3, cosines.Length)));
    }
}
