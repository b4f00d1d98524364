using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>Empirical returns and mean relative errors on hand-made rollouts, and the training-batch measurement of Fig 14.</summary>
public sealed class ValuePredictionTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-value-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("ppo")]
    [InlineData("trpo")]
    public void TheTrainingBatchIsUpdateKPlus1ReplayedExactlyAndMeasuredWithTheValueNetworkItTrained(string algorithm)
    {
        TrainConfig config = MeasurementFixture.SmallRun(algorithm, NumericPrecision.Fp64) with { Env = "CartPole-v1" };
        string checkpoint = MeasurementFixture.Train(config, directory);
        string run = Path.GetDirectoryName(Path.GetDirectoryName(checkpoint))!;

        double[] trained;
        using (PolicyGradientTrainer<double> after = CheckpointTrainer.Open<double>(config, TrainingRun.CheckpointPath(run, 2)))
        {
            trained = MeasurementFixture.Flatten(after.Networks.Value!.Parameters);
        }

        using PolicyGradientTrainer<double> trainer = CheckpointTrainer.Open<double>(config, checkpoint);
        ValuePredictionResult result = ValuePrediction.MeasureTrainingBatch(trainer);

        // The replay is the run's update 2 bit for bit: the value network is checkpoint 2's.
        Assert.Equal(2, trainer.Updates);
        Assert.Equal(trained, MeasurementFixture.Flatten(trainer.Networks.Value!.Parameters));

        // Measured on that batch: its GAE targets, and the returns of the CartPole episodes that end inside it.
        RolloutBuffer batch = trainer.Collector.Buffer;
        Assert.Equal(batch.Count, result.Values.Length);
        Assert.Equal(batch.Returns, result.GaeTargets);
        Assert.Equal(ValuePrediction.RelativeError(result.Values, batch.Returns), result.GaeMre);
        Assert.InRange(result.ReturnsCounted, 1, batch.Count - 1);
        Assert.NotEqual(batch.Values, result.Values); // V after the update, not the V_old the batch recorded
    }

    [Fact]
    public void ReturnsFollowEpisodesAcrossRowsAndLeaveOutSamplesWhoseTailIsUnseen()
    {
        // One copy, 6 steps, gamma 0.5 (a sample's unseen tail may weigh at most 1e-3: 10 seen rewards): rewards 1, 2, 4 end in a
        // termination, then 8, 16 end by truncation, then 1 runs to the end of the data.
        var buffer = new RolloutBuffer(6, 1, 1, 1, 2);
        double[] rewards = [1, 2, 4, 8, 16, 1];
        rewards.CopyTo(buffer.Rewards, 0);
        buffer.Terminated[2] = true;
        buffer.Truncated[4] = true;

        double[] returns = ValuePrediction.EmpiricalReturns(buffer, 0.5);

        Assert.Equal([1 + (0.5 * 2) + (0.25 * 4), 2 + (0.5 * 4), 4], returns[..3]);
        Assert.All(returns[3..], r => Assert.True(double.IsNaN(r)));
    }

    [Fact]
    public void TwoCopiesInterleaveTimeMajorAndALongEnoughTailCounts()
    {
        // Copy 0 never ends within 12 steps; with gamma 0.5 a sample counts when 10 or more rewards (its own included)
        // are seen, 0.5^10 < 1e-3: its first three samples.
        var buffer = new RolloutBuffer(12, 2, 1, 1, 2);
        for (int t = 0; t < 12; t++)
        {
            buffer.Rewards[2 * t] = 1;
            buffer.Rewards[(2 * t) + 1] = 3;
        }

        buffer.Terminated[(2 * 11) + 1] = true;
        double[] returns = ValuePrediction.EmpiricalReturns(buffer, 0.5);

        Assert.Equal(2 * (1 - Math.Pow(0.5, 12)), returns[0], 1e-15);
        Assert.Equal(2 * (1 - Math.Pow(0.5, 11)), returns[2], 1e-15);
        Assert.Equal(2 * (1 - Math.Pow(0.5, 10)), returns[4], 1e-15);
        Assert.True(double.IsNaN(returns[6]));
        Assert.Equal(3, returns[(2 * 11) + 1]);
        Assert.Equal(6 * (1 - Math.Pow(0.5, 12)), returns[1], 1e-14);
    }

    [Fact]
    public void MeanRelativeErrorOfAHandMadeCase()
    {
        double[] values = [1.5, 2, -3, 10];
        double[] targets = [1, 4, -2, double.NaN];

        // |0.5|/1 + |-2|/4 + |-1|/2 over the three targets that exist.
        Assert.Equal((0.5 + 0.5 + 0.5) / 3, ValuePrediction.RelativeError(values, targets), 1e-15);
        Assert.True(double.IsNaN(ValuePrediction.RelativeError([1.0], [double.NaN])));
    }
}
