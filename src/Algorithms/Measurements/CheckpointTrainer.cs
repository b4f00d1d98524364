using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Measurements;

/// <summary>Opens a trainer of a run directory's configuration at one of its checkpoints: the state every measurement starts from.</summary>
public static class CheckpointTrainer
{
    /// <summary>The checkpoint of update <paramref name="update"/> in <paramref name="directory"/>, or the latest when null.</summary>
    /// <exception cref="ArgumentException">The run has no such checkpoint (the message lists the updates it has).</exception>
    public static string Path(string directory, long? update)
    {
        IReadOnlyList<(long Update, string Path)> checkpoints = RunDirectory.Checkpoints(directory);
        if (checkpoints.Count == 0)
        {
            throw new ArgumentException($"run = {directory}: no checkpoint in {System.IO.Path.Combine(directory, TrainingRun.CheckpointsFolder)}; train with checkpoint_every > 0.", "run");
        }

        if (update is null)
        {
            return checkpoints[0].Path;
        }

        foreach ((long number, string path) in checkpoints)
        {
            if (number == update)
            {
                return path;
            }
        }

        string have = string.Join(", ", checkpoints.Select(c => c.Update).Order());
        throw new ArgumentException($"update = {update}: {directory} has no checkpoint of that update; it has updates {have}.", nameof(update));
    }

    /// <summary>A trainer on the run's device with <paramref name="checkpoint"/> loaded (the caller disposes it).</summary>
    /// <exception cref="InvalidDataException">config.json or the checkpoint is missing, damaged or does not match.</exception>
    public static PolicyGradientTrainer<T> Open<T>(TrainConfig config, string checkpoint)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var trainer = PolicyGradientTrainer<T>.Open(config);
        try
        {
            trainer.LoadCheckpoint(checkpoint);
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A trainer like <see cref="Open{T}"/>'s whose batch holds at least <paramref name="samples"/> state-action pairs
    /// (rollout_steps = ceil(samples / num_envs)), so its next update is the algorithm's step from a batch of that size:
    /// every other setting, the state and the learning-rate schedule (the same number of updates) are the run's.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="samples"/> gives a batch the run's policy-distance batch does not fit (named step_samples).</exception>
    /// <exception cref="InvalidDataException">config.json or the checkpoint is missing, damaged or does not match.</exception>
    public static PolicyGradientTrainer<T> OpenWithBatch<T>(TrainConfig config, string checkpoint, int samples)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(config);
        int n = config.Rollout.NumEnvs;
        int steps = (int)Math.Min(int.MaxValue / n, (samples + (long)n - 1) / n);
        if (steps == config.Rollout.RolloutSteps)
        {
            return Open<T>(config, checkpoint);
        }

        int batch = steps * n;
        int least = Math.Min(config.BatchSize, PolicyDistance.MaxRows);
        if (samples < 1 || Math.Min(batch, PolicyDistance.MaxRows) != least || config.MinibatchSamples > batch)
        {
            throw new ArgumentException($"step_samples = {samples}: must be at least {Math.Max(least, config.MinibatchSamples)} (the run's minibatch and the first {least} states its policy distance keeps).", "step_samples");
        }

        TrainConfig resized = config with { TotalSteps = config.Updates * (long)batch, Rollout = config.Rollout with { RolloutSteps = steps } };
        var trainer = PolicyGradientTrainer<T>.Open(resized);
        try
        {
            TrainerCheckpoint<T>.Load(trainer, checkpoint, config);
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }
}
