using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Training;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>
/// The landscapes of seed 001 section 5.3: the true landscape at the origin is the checkpoint's own return, the
/// surrogate's slope along the step at the origin is its gradient's inner product with the step, and the random
/// direction is a seeded Gaussian of norm 2.
/// </summary>
public sealed class RewardLandscapeTests : IDisposable
{
    private const ulong Seed = 11;

    private readonly string directory = Directory.CreateTempSubdirectory("kernel-landscape-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(2, true)]
    [InlineData(700, false)]
    public void TheTrueLandscapeAtTheOriginIsTheCheckpointsOwnReturn(int count, bool trajectories)
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp32);
        string checkpoint = MeasurementFixture.Train(config, directory);
        var samples = new RewardSamples(count, trajectories);
        double[] stepOffsets = [-1, 0, 1];
        double[] randomOffsets = [-0.5, 0, 0.5];

        RewardLandscapeResult landscape;
        double[] before;
        double[] after;
        using (PolicyGradientTrainer<float> trainer = CheckpointTrainer.Open<float>(config, checkpoint))
        {
            before = MeasurementFixture.Flatten(trainer.Parameters);
            landscape = RewardLandscape.Measure(trainer, stepOffsets, randomOffsets, samples, Seed);
            after = MeasurementFixture.Flatten(trainer.Parameters);
        }

        using PolicyGradientTrainer<float> fresh = CheckpointTrainer.Open<float>(config, checkpoint);
        EpisodeReturns own = new EpisodeReturnSampler<float>(fresh).Sample(samples, RewardLandscape.PointSeed(Seed, (1 * randomOffsets.Length) + 1));

        Assert.Equal(own.Mean, landscape.TrueReward[1, 1]);
        Assert.Equal(own.Episodes, landscape.Episodes[1, 1]);
        Assert.True(double.IsFinite(own.Mean) && own.Episodes >= (trajectories ? count : 1));
        Assert.Contains(landscape.TrueReward.Cast<double>(), value => value != own.Mean); // the other points moved the policy
        Assert.Equal(before, after); // theta restored
    }

    [Theory]
    [InlineData("ppo")]
    [InlineData("trpo")]
    public void TheSurrogatesSlopeAlongTheStepIsItsGradientTimesTheStep(string algorithm)
    {
        TrainConfig config = MeasurementFixture.SmallRun(algorithm, NumericPrecision.Fp64);
        string checkpoint = MeasurementFixture.Train(config, directory);
        const double h = 1e-5;

        RewardLandscapeResult landscape;
        using (PolicyGradientTrainer<double> trainer = CheckpointTrainer.Open<double>(config, checkpoint))
        {
            landscape = RewardLandscape.Measure(trainer, [-h, 0, h], [0], new RewardSamples(1, Trajectories: true), Seed);
        }

        // The same batch and step as the landscape's, and the surrogate's gradient there.
        using PolicyGradientTrainer<double> fresh = CheckpointTrainer.Open<double>(config, checkpoint);
        RolloutBuffer batch = new FrozenPolicySampler<double>(fresh).CollectBatch(KernelRandom.DeriveSeed(Seed, 0));
        var estimator = PolicyGradientEstimator<double>.Of(fresh);
        var gradient = new double[estimator.Size];
        estimator.Estimate(batch, batch.Count, gradient);
        var step = new double[UpdateStep.SizeOf(fresh.Parameters)];
        UpdateStep.Compute(fresh, step);
        double inner = 0;
        for (int i = 0; i < gradient.Length; i++)
        {
            inner += gradient[i] * step[i];
        }

        double slope = (landscape.Surrogate[2, 0] - landscape.Surrogate[0, 0]) / (2 * h);
        Assert.True(Math.Abs(inner) > 1e-6, $"inner product {inner}");
        Assert.Equal(inner, slope, Math.Abs(inner) * 1e-6);
        Assert.Equal(Math.Sqrt(step.AsSpan(0, gradient.Length).ToArray().Sum(x => x * x)), landscape.StepNorm, 1e-12);
    }

    [Fact]
    public void TheSurrogateAtTheOriginWithRatiosOfOneIsTheMeanNormalisedAdvantage()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp64);
        string checkpoint = MeasurementFixture.Train(config, directory);
        using PolicyGradientTrainer<double> trainer = CheckpointTrainer.Open<double>(config, checkpoint);
        RolloutBuffer batch = new FrozenPolicySampler<double>(trainer).CollectBatch(Seed);

        double surrogate = new SurrogateValue<double>(trainer, batch, batch.Count).Evaluate();

        // Normalised advantages have mean 0 and every ratio is 1 at theta_old, so PPO's clipped surrogate is mean(A) = 0.
        Assert.True(config.Rollout.NormalizeAdvantages);
        Assert.Equal(0, surrogate, 1e-12);
    }

    [Fact]
    public void SamplingMoreEpisodesAllocatesNothingMore()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp32);
        string checkpoint = MeasurementFixture.Train(config, directory);
        using PolicyGradientTrainer<float> trainer = CheckpointTrainer.Open<float>(config, checkpoint);
        var sampler = new EpisodeReturnSampler<float>(trainer);
        var few = new RewardSamples(200, Trajectories: false);
        var many = new RewardSamples(8 * 200, Trajectories: false);
        for (int warm = 0; warm < 3; warm++) // code still warming up (tiered JIT) allocates; steady state does not
        {
            sampler.Sample(few, 1);
            sampler.Sample(many, 1);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        EpisodeReturns fewReturns = sampler.Sample(few, 2);
        long fewBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        EpisodeReturns manyReturns = sampler.Sample(many, 2);
        long manyBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        // 700 more env steps per copy; a byte per step would show.
        Assert.Equal(8 * fewReturns.Steps, manyReturns.Steps);
        Assert.True(manyBytes - fewBytes < 700, $"{fewBytes} bytes for {fewReturns.Steps} steps, {manyBytes} for {manyReturns.Steps}");
    }

    [Fact]
    public void TheRandomDirectionHasNorm2AndIsReproducibleFromItsSeed()
    {
        double[] first = RandomDirection.Draw(1000, 5);
        double[] again = RandomDirection.Draw(1000, 5);
        double[] other = RandomDirection.Draw(1000, 6);

        Assert.Equal(2, Math.Sqrt(first.Sum(x => x * x)), 1e-12);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        double mean = first.Average();
        Assert.True(Math.Abs(mean) < 4 * 2 / Math.Sqrt(1000) / Math.Sqrt(1000), $"mean {mean}"); // a centred draw: |mean| within 4 sd
    }

    [Fact]
    public void BadOffsetsAndCountsAreRefused()
    {
        TrainConfig config = MeasurementFixture.SmallRun("ppo", NumericPrecision.Fp32);
        string checkpoint = MeasurementFixture.Train(config, directory);
        using PolicyGradientTrainer<float> trainer = CheckpointTrainer.Open<float>(config, checkpoint);
        var samples = new RewardSamples(1, Trajectories: true);

        Assert.Equal("step_range", Assert.Throws<ArgumentException>(() => RewardLandscape.Measure(trainer, [0, 0], [0], samples, Seed)).ParamName);
        Assert.Equal("random_range", Assert.Throws<ArgumentException>(() => RewardLandscape.Measure(trainer, [0], [], samples, Seed)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => RewardLandscape.Measure(trainer, [0], [0], new RewardSamples(0, Trajectories: false), Seed));
        Assert.Equal("step_samples", Assert.Throws<ArgumentException>(() => CheckpointTrainer.OpenWithBatch<float>(config, checkpoint, 100)).ParamName);
    }
}
