using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>The update step computed on a checkpoint and taken back is the step the trainer then applies from the same batch.</summary>
public sealed class UpdateStepTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-update-step-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("ppo", NumericPrecision.Fp32)]
    [InlineData("trpo", NumericPrecision.Fp64)]
    [InlineData("vmpo", NumericPrecision.Fp32)]
    public void TheStepFromACheckpointEqualsBitForBitWhatTheTrainerAppliesNext(string algorithm, NumericPrecision precision)
    {
        TrainConfig config = MeasurementFixture.SmallRun(algorithm, precision);
        string checkpoint = MeasurementFixture.Train(config, directory);
        if (precision == NumericPrecision.Fp32)
        {
            Check<float>(config, checkpoint);
        }
        else
        {
            Check<double>(config, checkpoint);
        }
    }

    private static void Check<T>(TrainConfig config, string checkpoint)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using PolicyGradientTrainer<T> measured = CheckpointTrainer.Open<T>(config, checkpoint);
        double[] before = MeasurementFixture.Flatten(measured.Parameters);
        var step = new double[before.Length];
        measured.Collect(); // the batch the trainer's next update collects: same envs, streams and statistics
        UpdateStep.Compute(measured, step);
        Assert.Equal(before, MeasurementFixture.Flatten(measured.Parameters)); // taken back
        Assert.Contains(step, x => x != 0);

        using PolicyGradientTrainer<T> trained = CheckpointTrainer.Open<T>(config, checkpoint);
        trained.Update();
        double[] after = MeasurementFixture.Flatten(trained.Parameters);
        for (int i = 0; i < after.Length; i++)
        {
            Assert.Equal(after[i] - before[i], step[i]);
        }
    }
}
