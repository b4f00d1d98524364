using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kernel.Algorithms.Diagnostics;

namespace Kernel.Algorithms.Training;

/// <summary>
/// A whole training run into a directory: config.json (the resolved configuration) first, then one metrics row
/// per update (metrics.csv, metrics.jsonl, flushed as written), and, if the run explodes, numerics.json with what
/// failed and the monitor's report of the op and label that first produced a non-finite value. Nothing written is
/// removed when a run fails. Checkpoints (safetensors) go to checkpoints/update-NNNNNN.safetensors every
/// <see cref="TrainConfig.CheckpointEvery"/> updates and after the last; <see cref="Resume"/> continues from the
/// latest. When the run ends (done or exploded) plots/*.png are drawn from metrics.csv (<see cref="RunPlots"/>).
/// The precision string picks the tensor type.
/// Thread-safety: one run per instance, on one thread.
/// </summary>
public static class TrainingRun
{
    /// <summary>The configuration file name inside a run directory.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The explosion report's file name inside a run directory.</summary>
    public const string NumericsFileName = "numerics.json";

    /// <summary>How config.json is written and read: snake_case names, enums as kebab-case strings.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // reports are read by people: keep <, > and quotes legible
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The folder of checkpoints inside a run directory.</summary>
    public const string CheckpointsFolder = "checkpoints";

    /// <summary>Runs <paramref name="config"/> to its step budget or its first explosion; returns how far it got.</summary>
    /// <param name="config">The run's configuration (validated first).</param>
    /// <param name="directory">The run directory (created if needed).</param>
    /// <param name="onUpdate">Called after every update with the trainer's record (progress display).</param>
    public static TrainingOutcome Run(TrainConfig config, string directory, Action<UpdateRecord>? onUpdate = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return Dispatch(config, directory, resume: false, onUpdate);
    }

    /// <summary>
    /// Continues the run in <paramref name="directory"/> from its latest checkpoint with its own config.json, exactly
    /// as the uninterrupted run would have gone on: metrics rows after the checkpoint are cut and produced again.
    /// </summary>
    /// <param name="directory">A run directory written by <see cref="Run"/>.</param>
    /// <param name="totalSteps">A new step budget (null keeps the run's; a different one changes a linear learning-rate schedule from here on).</param>
    /// <param name="onUpdate">Called after every update.</param>
    /// <exception cref="InvalidDataException">config.json or the checkpoint is missing, unreadable or does not match.</exception>
    public static TrainingOutcome Resume(string directory, long? totalSteps = null, Action<UpdateRecord>? onUpdate = null)
    {
        TrainConfig config = ReadConfig(directory);
        if (totalSteps is { } steps)
        {
            config = config with { TotalSteps = steps };
        }

        config.Validate();
        return Dispatch(config, directory, resume: true, onUpdate);
    }

    /// <summary>
    /// Deterministic episodes of a run's policy (the latest checkpoint, or <paramref name="checkpoint"/>): see
    /// <see cref="PolicyGradientTrainer{T}.Evaluate"/>. Returns each episode's return.
    /// </summary>
    /// <exception cref="InvalidDataException">config.json or the checkpoint is missing, unreadable or does not match.</exception>
    public static double[] Evaluate(string directory, string? checkpoint, int episodes, ulong seed)
    {
        TrainConfig config = ReadConfig(directory);
        string path = checkpoint ?? LatestCheckpoint(directory)
            ?? throw new InvalidDataException($"{Path.Combine(directory, CheckpointsFolder)} holds no checkpoint (*.safetensors).");
        return config.Precision switch
        {
            "fp16" => Evaluate<Half>(config, path, episodes, seed),
            "fp64" => Evaluate<double>(config, path, episodes, seed),
            _ => Evaluate<float>(config, path, episodes, seed),
        };
    }

    /// <summary>Reads a run directory's config.json.</summary>
    /// <exception cref="InvalidDataException">It is missing or not a Kernel configuration (the message says why).</exception>
    public static TrainConfig ReadConfig(string directory)
    {
        string path = Path.Combine(directory, ConfigFileName);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path} does not exist; a run directory written by `kernel train` holds one.");
        }

        try
        {
            return TrainConfigReader.Read(File.ReadAllText(path));
        }
        catch (ConfigException exception)
        {
            throw new InvalidDataException($"{path} is not a Kernel configuration: {exception.Message}", exception);
        }
    }

    /// <summary>The path of the checkpoint written after update <paramref name="update"/>.</summary>
    public static string CheckpointPath(string directory, long update)
        => Path.Combine(directory, CheckpointsFolder, $"update-{update.ToString("D6", CultureInfo.InvariantCulture)}.safetensors");

    /// <summary>The checkpoint with the highest update number in <paramref name="directory"/>, or null if there is none.</summary>
    public static string? LatestCheckpoint(string directory)
    {
        string folder = Path.Combine(directory, CheckpointsFolder);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        return Directory.EnumerateFiles(folder, "update-*.safetensors")
            .Select(path => (Path: path, Update: long.TryParse(Path.GetFileNameWithoutExtension(path)["update-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : -1))
            .Where(candidate => candidate.Update >= 0)
            .OrderByDescending(candidate => candidate.Update)
            .Select(candidate => candidate.Path)
            .FirstOrDefault();
    }

    private static TrainingOutcome Dispatch(TrainConfig config, string directory, bool resume, Action<UpdateRecord>? onUpdate)
        => config.Precision switch
        {
            "fp16" => Run<Half>(config, directory, resume, onUpdate),
            "fp64" => Run<double>(config, directory, resume, onUpdate),
            _ => Run<float>(config, directory, resume, onUpdate),
        };

    private static TrainingOutcome Run<T>(TrainConfig config, string directory, bool resume, Action<UpdateRecord>? onUpdate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var trainer = PolicyGradientTrainer<T>.Open(config);
        Directory.CreateDirectory(directory);
        if (resume)
        {
            string checkpoint = LatestCheckpoint(directory)
                ?? throw new InvalidDataException($"{Path.Combine(directory, CheckpointsFolder)} holds no checkpoint (*.safetensors) to resume from.");
            trainer.LoadCheckpoint(checkpoint);
            MetricsWriter.KeepThrough(directory, trainer.Updates);
        }

        File.WriteAllText(Path.Combine(directory, ConfigFileName), JsonSerializer.Serialize(config, JsonOptions));
        Directory.CreateDirectory(Path.Combine(directory, CheckpointsFolder));
        using var metrics = new MetricsWriter(directory);
        while (trainer.Updates < config.Updates)
        {
            UpdateRecord record = trainer.Update();
            metrics.Write(record);
            onUpdate?.Invoke(record);
            if (trainer.Exploded)
            {
                WriteNumericsReport(directory, record, trainer.ExplosionReport?.Describe());
                return new TrainingOutcome(trainer.Updates, trainer.Steps, true, record.ExplodedAt, trainer.ExplosionReport?.Describe()) { PlotsError = DrawPlots(directory) };
            }

            if (config.CheckpointEvery > 0 && (trainer.Updates % config.CheckpointEvery == 0 || trainer.Updates == config.Updates))
            {
                trainer.SaveCheckpoint(CheckpointPath(directory, trainer.Updates));
            }
        }

        return new TrainingOutcome(trainer.Updates, trainer.Steps, false, null, null) { PlotsError = DrawPlots(directory) };
    }

    /// <summary>Draws plots/*.png; a machine without fonts loses only the plots, never the run (the reason is returned).</summary>
    private static string? DrawPlots(string directory)
    {
        try
        {
            RunPlots.Write(directory);
            return null;
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message;
        }
    }

    private static double[] Evaluate<T>(TrainConfig config, string checkpoint, int episodes, ulong seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var trainer = PolicyGradientTrainer<T>.Open(config);
        trainer.LoadCheckpoint(checkpoint);
        return trainer.Evaluate(episodes, seed);
    }

    private static void WriteNumericsReport(string directory, UpdateRecord record, string? monitorReport)
    {
        var report = new Dictionary<string, object?>
        {
            ["update"] = record.Update,
            ["step"] = record.Step,
            ["exploded_at"] = record.ExplodedAt,
            ["monitor"] = monitorReport ?? "the replay under the numerics monitor found no non-finite op output",
            ["ratio_log10_max"] = double.IsFinite(record.RatioLog10Max) ? record.RatioLog10Max : null,
        };
        File.WriteAllText(Path.Combine(directory, NumericsFileName), JsonSerializer.Serialize(report, JsonOptions));
    }
}
