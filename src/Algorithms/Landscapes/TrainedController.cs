using System.Numerics;
using Kernel.Algorithms.Checkpoints;
using Kernel.Algorithms.Mollification;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// The controller of a mollified-pg training run at one of its checkpoints, for a landscape around theta_k (Fig 6f:
/// around theta_100). The checkpoint is read by <see cref="MollifiedPolicyGradientTrainer{T}"/> itself (in the run's
/// precision), so its checks of format, precision and configuration apply. Update 0 (theta_0, Fig 6e) has no checkpoint
/// of its own: every checkpoint carries theta_0, which is read from the latest.
/// </summary>
/// <param name="Config">The run's configuration (env, controller form, init, hidden width).</param>
/// <param name="Theta">theta at the checkpoint, widened to double.</param>
/// <param name="Update">The update the checkpoint was written after.</param>
public sealed record TrainedController(TrainConfig Config, double[] Theta, long Update)
{
    /// <summary>Reads run <paramref name="runDirectory"/>'s checkpoint of <paramref name="update"/> (null: the latest).</summary>
    /// <exception cref="ArgumentException">No such checkpoint, or not a mollified-pg run; the message is one line.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is damaged or does not match its configuration.</exception>
    public static TrainedController Load(string runDirectory, long? update)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        string? path = update is { } k ? TrainingRun.CheckpointPath(runDirectory, k) : TrainingRun.LatestCheckpoint(runDirectory);
        bool initial = update == 0 && !File.Exists(path);
        if (initial)
        {
            path = TrainingRun.LatestCheckpoint(runDirectory);
        }

        if (path is null || !File.Exists(path))
        {
            throw new ArgumentException(update is null
                ? $"run = {runDirectory}: must be a run directory with a checkpoint in {TrainingRun.CheckpointsFolder}/."
                : $"update = {update}: must be an update with a checkpoint ({path} does not exist).", update is null ? "run" : "update");
        }

        SafeTensorsContent content = SafeTensorsFile.Read(path);
        string format = content.Meta("format");
        if (format != MollifiedPolicyGradientTrainer<double>.CheckpointFormat)
        {
            throw new ArgumentException($"run = {runDirectory}: must be a mollified-pg run (its checkpoint format is {format}).", "run");
        }

        TrainConfig config = TrainConfigReader.Read(content.Meta("config"));
        double[] theta = content.Meta("precision") == "fp32" ? Read<float>(config, path, initial) : Read<double>(config, path, initial);
        long updates = initial ? 0 : long.Parse(content.Meta("updates"), System.Globalization.CultureInfo.InvariantCulture);
        return new TrainedController(config, theta, updates);
    }

    private static double[] Read<T>(TrainConfig config, string path, bool initial)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var trainer = new MollifiedPolicyGradientTrainer<T>(config);
        trainer.LoadCheckpoint(path);
        ReadOnlySpan<T> theta = initial ? trainer.InitialTheta : trainer.Controller.Parameters;
        var wide = new double[theta.Length];
        for (int i = 0; i < wide.Length; i++)
        {
            wide[i] = double.CreateChecked(theta[i]);
        }

        return wide;
    }
}
