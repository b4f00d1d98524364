using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>Small Pendulum runs with checkpoints, for the measurements' tests.</summary>
internal static class MeasurementFixture
{
    /// <summary>A run of 2 updates of 2 x 128 samples, small networks, a checkpoint after each update.</summary>
    public static TrainConfig SmallRun(string algorithm, NumericPrecision precision)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm(algorithm);
        return defaults with
        {
            Env = "Pendulum-v1",
            Precision = precision,
            TotalSteps = 2 * 256,
            CheckpointEvery = 1,
            Seed = 3,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 128 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 64, Epochs = 2 },
            Policy = defaults.Policy with { Hidden = [16] },
            Value = defaults.Value with { Hidden = [16] },
        };
    }

    /// <summary>Trains <paramref name="config"/> into a fresh folder of <paramref name="parent"/>; returns the first update's checkpoint.</summary>
    public static string Train(TrainConfig config, string parent)
    {
        string run = Path.Combine(parent, $"{config.Algo}-{config.Precision}");
        TrainingRun.Run(config, run);
        return TrainingRun.CheckpointPath(run, 1);
    }

    /// <summary>Every parameter's values, widened, end to end.</summary>
    public static double[] Flatten<T>(IReadOnlyList<NamedParameter<T>> parameters)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => [.. parameters.SelectMany(p => p.Tensor.Values.ToArray()).Select(double.CreateTruncating)];
}
