using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>The frozen-policy sampler: statistics untouched, sets independent of what was sampled before, no allocation per step.</summary>
public sealed class FrozenPolicySamplerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-sampler-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void SamplingLeavesTheNormalisersAloneAndASeedGivesTheSameSetWhateverCameBefore()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp32);
        string checkpoint = MeasurementFixture.Train(config, directory);
        using PolicyGradientTrainer<float> trainer = CheckpointTrainer.Open<float>(config, checkpoint);
        double[] mean = trainer.Collector.ObservationNormalizer!.Statistics.Mean.ToArray();
        double rewardVariance = trainer.Collector.RewardScaler!.Statistics.Variance[0];
        var sampler = new FrozenPolicySampler<float>(trainer);
        SampleSet first = sampler.Allocate(600);
        SampleSet second = sampler.Allocate(600);

        sampler.Collect(first, 11);
        sampler.Collect(second, 12);
        sampler.Collect(second, 11);

        Assert.Equal(first.Buffer.Observations, second.Buffer.Observations);
        Assert.Equal(first.Buffer.Advantages, second.Buffer.Advantages);
        Assert.Equal(mean, trainer.Collector.ObservationNormalizer.Statistics.Mean.ToArray());
        Assert.Equal(rewardVariance, trainer.Collector.RewardScaler.Statistics.Variance[0]);
        Assert.Equal(3, first.Rollouts);
    }

    [Fact]
    public void TheSetKeepsTheObservationsEachRolloutBootstrapsFrom()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp64);
        string checkpoint = MeasurementFixture.Train(config, directory);
        using PolicyGradientTrainer<double> trainer = CheckpointTrainer.Open<double>(config, checkpoint);
        var sampler = new FrozenPolicySampler<double>(trainer);
        SampleSet set = sampler.Allocate(3 * 256);
        sampler.Collect(set, 5);
        int copies = config.Rollout.NumEnvs, size = set.Buffer.ObservationSize;

        // The last rollout's bootstrap values are V at its kept observations; each earlier rollout's kept observations
        // are the next rollout's first ones (episodes run on).
        var values = new double[copies];
        trainer.Tape.Reset();
        using (trainer.Tape.NoGrad())
        {
            trainer.Networks.Values(trainer.Networks.Input(set.LastObservations.AsSpan(2 * copies * size, copies * size), copies), values);
        }

        Assert.Equal(set.Buffer.LastValues, values);
        for (int r = 0; r < 2; r++)
        {
            int next = (r + 1) * 256 * size;
            Assert.Equal(set.Buffer.Observations.AsSpan(next, copies * size).ToArray(), set.LastObservations.AsSpan(r * copies * size, copies * size).ToArray());
        }
    }

    [Fact]
    public void CollectingMoreRolloutsAllocatesNothingMore()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp32);
        string checkpoint = MeasurementFixture.Train(config, directory);
        using PolicyGradientTrainer<float> trainer = CheckpointTrainer.Open<float>(config, checkpoint);
        var sampler = new FrozenPolicySampler<float>(trainer);
        SampleSet small = sampler.Allocate(256);
        SampleSet large = sampler.Allocate(8 * 256);
        for (int warm = 0; warm < 3; warm++) // code still warming up (tiered JIT) allocates; steady state does not
        {
            sampler.Collect(small, 1);
            sampler.Collect(large, 1);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        sampler.Collect(small, 2);
        long smallBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        sampler.Collect(large, 2);
        long largeBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        // 7 more rollouts are 7 x 128 more env steps; allow a few bytes per rollout, none per step.
        Assert.True(largeBytes - smallBytes < 7 * 128, $"{smallBytes} bytes for 2 rollouts, {largeBytes} for 9");
    }
}
