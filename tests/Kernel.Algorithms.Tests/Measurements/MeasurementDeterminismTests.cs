using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>A measurement's seed fixes every number it reports; another seed draws other samples.</summary>
public sealed class MeasurementDeterminismTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-measure-seed-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void GradientQualityRepeatsForASeedAndDiffersForAnother()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp32);
        string checkpoint = MeasurementFixture.Train(config, directory);

        GradientQualityResult first = Gradient(config, checkpoint, 5);
        GradientQualityResult again = Gradient(config, checkpoint, 5);
        GradientQualityResult other = Gradient(config, checkpoint, 6);

        Assert.Equal(first.Pairwise, again.Pairwise);
        Assert.Equal(first.ToTrue, again.ToTrue);
        Assert.Equal(first.TrueNorm, again.TrueNorm);
        Assert.NotEqual(first.TrueNorm, other.TrueNorm);
        Assert.Equal([100, 300], first.Samples);
        Assert.All(first.Pairwise, cosines => Assert.Equal(3, cosines.Length));
        Assert.All(first.ToTrue, cosines => Assert.All(cosines, c => Assert.InRange(c, -1, 1)));
        Assert.Equal((3 * 3 * 256) + (4 * 256), first.EnvSteps); // per set: the warm-up rollout and the whole rollouts that hold it
    }

    [Fact]
    public void UpdateStepVarianceRepeatsForASeed()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp64);
        string checkpoint = MeasurementFixture.Train(config, directory);

        UpdateStepResult first = Steps(config, checkpoint, 1);
        UpdateStepResult again = Steps(config, checkpoint, 1);

        Assert.Equal(first.Pairwise, again.Pairwise);
        Assert.Equal(first.PairwiseKl, again.PairwiseKl);
        Assert.Equal(3, first.Pairwise.Length);
        Assert.All(first.PairwiseKl, kl => Assert.True(kl > 0, $"KL {kl} between policies of different batches"));
        Assert.All(first.Pairwise, c => Assert.InRange(c, -1, 1));
    }

    [Fact]
    public void TheLastCheckpointOfAnAnnealedRunIsRefusedForUpdateSteps()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp32);
        string last = MeasurementFixture.Train(config, directory).Replace("update-000001", "update-000002", StringComparison.Ordinal);
        using PolicyGradientTrainer<float> trainer = CheckpointTrainer.Open<float>(config, last);

        var error = Assert.Throws<ArgumentException>(() => UpdateStepVariance.Measure(trainer, last, 2, 10, 1));
        Assert.StartsWith("update = 2: the run anneals its learning rate to 0 over its 2 updates", error.Message, StringComparison.Ordinal);
    }

    private static GradientQualityResult Gradient(TrainConfig config, string checkpoint, ulong seed)
    {
        using PolicyGradientTrainer<float> trainer = CheckpointTrainer.Open<float>(config, checkpoint);
        return GradientQuality.Measure(trainer, [100, 300], 3, 600, seed);
    }

    private static UpdateStepResult Steps(TrainConfig config, string checkpoint, ulong seed)
    {
        using PolicyGradientTrainer<double> trainer = CheckpointTrainer.Open<double>(config, checkpoint);
        return UpdateStepVariance.Measure(trainer, checkpoint, 3, 200, seed);
    }
}
