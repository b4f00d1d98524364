using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Files;
using Kernel.Autodiff.Monitor;

namespace Kernel.Algorithms.Training;

/// <summary>
/// A whole training run into a directory: config.json (the resolved configuration) first, then one metrics row
/// per update (metrics.csv, metrics.jsonl, flushed as written), with log_steps one row per optimisation step
/// (steps.csv, <see cref="StepLogWriter"/>), the wall time of each update (timing.csv, <see cref="UpdateTiming"/>) and its
/// split over the whole run (timings.json, <see cref="RunTimeSplit"/>, written when the run stops), with
/// eval_every the periodic evaluation (eval.csv, <see cref="PeriodicEvaluation"/>), and, if the run explodes, numerics.json with what
/// failed and the monitor's report of the op and label that first produced a non-finite value (as text and as JSON
/// fields). Nothing written is removed when a run fails. One run per directory (<see cref="RunDirectory"/>); every
/// whole file is written through a temporary file and a rename (<see cref="AtomicFile"/>). Checkpoints (safetensors,
/// with checksums) go to checkpoints/update-NNNNNN.safetensors every <see cref="TrainConfig.CheckpointEvery"/>
/// updates, after the last, and when an <see cref="InterruptRequest"/> comes: after the update in progress, or, if
/// it comes during a rollout, that rollout is abandoned and the last completed update's checkpoint is written;
/// <see cref="Resume"/> continues from the latest the metrics agree with. When the run ends (done or exploded) the
/// caller's figures hook draws from the files (<c>kernel train</c> passes Kernel.Plots' RunPlots.Write, which fills
/// <see cref="PlotsFolder"/>); this library draws nothing itself.
/// <see cref="TrainConfig.Precision"/> picks the tensor type (validated first, so fp64 is the only other value).
/// Thread-safety: one run per instance, on one thread.
/// </summary>
public static class TrainingRun
{
    /// <summary>The configuration file name inside a run directory.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The explosion report's file name inside a run directory.</summary>
    public const string NumericsFileName = "numerics.json";

    /// <summary>How config.json is written and read: snake_case names, enums as kebab-case strings in exactly that spelling.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // reports are read by people: keep <, > and quotes legible
        Converters = { new Registry.SettingEnumConverter() }, // "precision": "FP32" or 1 is refused, as on the command line
    };

    /// <summary>The folder of checkpoints inside a run directory.</summary>
    public const string CheckpointsFolder = "checkpoints";

    /// <summary>The folder of figures inside a run directory (filled by the figures hook, if any).</summary>
    public const string PlotsFolder = "plots";

    /// <summary>Runs <paramref name="config"/> to its step budget, its first explosion or an interrupt; returns how far it got.</summary>
    /// <param name="config">The run's configuration (validated first).</param>
    /// <param name="directory">The run directory (created if needed; one that holds a run is refused unless <paramref name="overwrite"/>).</param>
    /// <param name="onUpdate">Called after every update with the trainer's record (progress display).</param>
    /// <param name="overwrite">Remove an earlier run's files from <paramref name="directory"/> first instead of refusing it.</param>
    /// <param name="interrupt">Stops the run when requested: after the update in progress, or at once with that update abandoned if it is in its rollout; a checkpoint of the last completed update is written.</param>
    /// <param name="figures">Called with the run directory when the run ends (done or exploded; not when interrupted) to draw figures from its files; an <see cref="InvalidOperationException"/> it throws (e.g. no usable font) becomes <see cref="TrainingOutcome.PlotsError"/> instead of failing the run. Null draws nothing.</param>
    /// <exception cref="ArgumentException">A setting is out of range, or <paramref name="directory"/> cannot hold this run (see <see cref="RunDirectory.PrepareNew"/>); nothing was written.</exception>
    public static TrainingOutcome Run(
        TrainConfig config, string directory, Action<UpdateRecord>? onUpdate = null, bool overwrite = false, InterruptRequest? interrupt = null, Action<string>? figures = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return Dispatch(config, directory, new Start(null, overwrite, interrupt, figures), onUpdate);
    }

    /// <summary>
    /// Continues the run in <paramref name="directory"/> with its own config.json, exactly as the uninterrupted run
    /// would have gone on, from the latest checkpoint whose update the metrics files hold whole (see
    /// <see cref="RunDirectory.ResumePoint"/>), or from the start when there is none: metrics rows, checkpoints and
    /// numerics.json after that point are cut and produced again.
    /// </summary>
    /// <param name="directory">A run directory written by <see cref="Run"/>.</param>
    /// <param name="totalSteps">A new step budget (null keeps the run's; a different one changes a linear learning-rate schedule from here on and is written to config.json); it must go beyond the resume point.</param>
    /// <param name="onUpdate">Called after every update.</param>
    /// <param name="interrupt">Stops the run when requested: after the update in progress, or at once with that update abandoned if it is in its rollout; a checkpoint of the last completed update is written.</param>
    /// <param name="figures">Called with the run directory when the run ends (done or exploded; not when interrupted) to draw figures from its files; an <see cref="InvalidOperationException"/> it throws (e.g. no usable font) becomes <see cref="TrainingOutcome.PlotsError"/> instead of failing the run. Null draws nothing.</param>
    /// <exception cref="InvalidDataException">config.json or the checkpoint is missing, unreadable, damaged or does not match; nothing was written.</exception>
    /// <exception cref="ArgumentException"><paramref name="totalSteps"/> does not go beyond the resume point, or the directory's entries are of the wrong kind; nothing was written.</exception>
    public static TrainingOutcome Resume(
        string directory, long? totalSteps = null, Action<UpdateRecord>? onUpdate = null, InterruptRequest? interrupt = null, Action<string>? figures = null)
    {
        RunDirectory.RequireResumable(directory);
        TrainConfig written = ReadConfig(directory);
        TrainConfig config = totalSteps is { } steps ? written with { TotalSteps = steps } : written;
        config.Validate();
        return Dispatch(config, directory, new Start(written, false, interrupt, figures), onUpdate);
    }

    /// <summary>
    /// Deterministic episodes of a run's policy (the latest checkpoint, or <paramref name="checkpoint"/>): see
    /// <see cref="ITrainer.Evaluate"/>. Returns each episode's return.
    /// </summary>
    /// <exception cref="InvalidDataException">config.json or the checkpoint is missing, unreadable or does not match.</exception>
    public static double[] Evaluate(string directory, string? checkpoint, int episodes, ulong seed)
    {
        TrainConfig config = ReadConfig(directory);
        string path = checkpoint ?? LatestCheckpoint(directory)
            ?? throw new InvalidDataException($"{Path.Combine(directory, CheckpointsFolder)} holds no checkpoint (*.safetensors).");
        return config.Precision switch
        {
            NumericPrecision.Fp16 => Evaluate<Half>(config, path, episodes, seed),
            NumericPrecision.Fp32 => Evaluate<float>(config, path, episodes, seed),
            _ => Evaluate<double>(config, path, episodes, seed),
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
        => RunDirectory.Checkpoints(directory) is [var latest, ..] ? latest.Path : null;

    private static TrainingOutcome Dispatch(TrainConfig config, string directory, Start start, Action<UpdateRecord>? onUpdate)
        => config.Precision switch
        {
            NumericPrecision.Fp16 => Run<Half>(config, directory, start, onUpdate),
            NumericPrecision.Fp32 => Run<float>(config, directory, start, onUpdate),
            _ => Run<double>(config, directory, start, onUpdate),
        };

    private static TrainingOutcome Run<T>(TrainConfig config, string directory, Start start, Action<UpdateRecord>? onUpdate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var split = new RunTimeSplit();
        using ITrainer trainer = Registry.AlgorithmRegistry.Get(config.Algo).Trainer.Open<T>(config);
        string configPath = Path.Combine(directory, ConfigFileName);
        if (start.Resumed is { } written)
        {
            split.ContinueFrom(directory);
            // Everything is read and checked before the first write, so a refused resume leaves the directory as it was.
            if (RunDirectory.ResumePoint(directory) is { } point)
            {
                trainer.LoadCheckpoint(point.Path);
            }

            if (config.TotalSteps != written.TotalSteps && config.Updates <= trainer.Updates)
            {
                throw new ArgumentOutOfRangeException("steps", config.TotalSteps, $"steps = {config.TotalSteps}: the run resumes at update {trainer.Updates} (step {trainer.Steps}); a new budget must take it further ({trainer.Steps + config.BatchSize} steps or more).");
            }

            RunDirectory.CutAfter(directory, trainer.Updates);
            if (config.TotalSteps != written.TotalSteps)
            {
                AtomicFile.WriteAllText(configPath, JsonSerializer.Serialize(config, JsonOptions));
            }
        }
        else
        {
            RunDirectory.PrepareNew(directory, start.Overwrite);
            AtomicFile.WriteAllText(configPath, JsonSerializer.Serialize(config, JsonOptions));
        }

        Directory.CreateDirectory(Path.Combine(directory, CheckpointsFolder));
        using var metrics = new MetricsWriter(directory, trainer.ExtraMetrics);
        using StepLogWriter? steps = config.LogSteps ? new StepLogWriter(directory) : null;
        using var timing = new UpdateCsvLog(directory, UpdateTiming.FileName, UpdateTiming.Names);
        using UpdateCsvLog? evaluations = config.EvalEvery > 0 ? new UpdateCsvLog(directory, PeriodicEvaluation.FileName, PeriodicEvaluation.Names) : null;
        Span<double> timingRow = stackalloc double[UpdateTiming.Names.Count];
        Span<double> evalRow = stackalloc double[PeriodicEvaluation.Names.Count];
        TrainingOutcome Finish(TrainingOutcome outcome) => outcome with { TimeSplit = split.Write(directory) };

        // Only a run that can be interrupted keeps the state of its last completed update in memory.
        TrainerSnapshot? boundary = start.Interrupt is null ? null : trainer.Snapshot();
        split.StartupDone();
        while (trainer.Updates < config.Updates)
        {
            if (trainer.Update(start.Interrupt) is not { } record)
            {
                return Finish(AbandonRollout(directory, boundary!, start.Interrupt!));
            }

            long output = Stopwatch.GetTimestamp();
            steps?.Write(trainer.StepRecords);
            metrics.Write(record);
            split.AddOutput(output);
            if (evaluations is not null && !trainer.Exploded && PeriodicEvaluation.IsDue(config, trainer.Updates))
            {
                PeriodicEvaluation.Run(trainer, config, evalRow);
                output = Stopwatch.GetTimestamp();
                evaluations.Write(trainer.Updates, evalRow);
                split.AddOutput(output);
            }

            split.Add(trainer.Timing);
            output = Stopwatch.GetTimestamp();
            trainer.Timing.CopyTo(timingRow);
            timing.Write(trainer.Updates, timingRow);
            onUpdate?.Invoke(record);
            if (trainer.Exploded)
            {
                WriteNumericsReport(directory, record, trainer.ExplosionReport);
                var exploded = new TrainingOutcome(trainer.Updates, trainer.Steps, true, record.ExplodedAt, trainer.ExplosionReport?.Describe()) { PlotsError = DrawFigures(directory, start.Figures) };
                split.AddOutput(output);
                return Finish(exploded);
            }

            bool last = trainer.Updates == config.Updates;
            bool stop = start.Interrupt?.IsRequested == true && !last;
            if (stop || (config.CheckpointEvery > 0 && (trainer.Updates % config.CheckpointEvery == 0 || last)))
            {
                trainer.SaveCheckpoint(CheckpointPath(directory, trainer.Updates));
            }

            split.AddOutput(output);
            if (stop)
            {
                // Plots wait for the end of the run: an interrupted process should stop promptly.
                return Finish(new TrainingOutcome(trainer.Updates, trainer.Steps, false, null, null) { InterruptedBy = start.Interrupt!.Signal });
            }

            boundary = boundary is null ? null : trainer.Snapshot();
        }

        long plotting = Stopwatch.GetTimestamp();
        var done = new TrainingOutcome(trainer.Updates, trainer.Steps, false, null, null) { PlotsError = DrawFigures(directory, start.Figures) };
        split.AddOutput(plotting);
        return Finish(done);
    }

    /// <summary>
    /// An interrupt came inside a rollout: that update leaves no trace (no metrics row, no checkpoint) and the state
    /// of the last completed update is written, so a resume goes on exactly as the uninterrupted run; with no update
    /// completed a resume starts over, so nothing is written.
    /// </summary>
    private static TrainingOutcome AbandonRollout(string directory, TrainerSnapshot boundary, InterruptRequest interrupt)
    {
        if (boundary.Updates > 0)
        {
            boundary.Write(CheckpointPath(directory, boundary.Updates));
        }

        return new TrainingOutcome(boundary.Updates, boundary.Steps, false, null, null) { InterruptedBy = interrupt.Signal, RolloutAbandoned = true };
    }

    /// <summary>Runs the figures hook; a machine without fonts loses only the plots, never the run (the reason is returned).</summary>
    private static string? DrawFigures(string directory, Action<string>? figures)
    {
        try
        {
            figures?.Invoke(directory);
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
        using ITrainer trainer = Registry.AlgorithmRegistry.Get(config.Algo).Trainer.Open<T>(config);
        trainer.LoadCheckpoint(checkpoint);
        return trainer.Evaluate(episodes, seed);
    }

    private static void WriteNumericsReport(string directory, UpdateRecord record, AnomalyReport? anomaly)
    {
        var report = new Dictionary<string, object?>
        {
            ["update"] = record.Update,
            ["step"] = record.Step,
            ["exploded_at"] = record.ExplodedAt,
            ["monitor"] = anomaly?.Describe() ?? "the replay under the numerics monitor found no non-finite op output",
            ["ratio_log10_max"] = double.IsFinite(record.RatioLog10Max) ? record.RatioLog10Max : null,
        };
        if (anomaly is not null)
        {
            foreach ((string key, object? value) in anomaly.Fields())
            {
                report[key] = value;
            }
        }

        AtomicFile.WriteAllText(Path.Combine(directory, NumericsFileName), JsonSerializer.Serialize(report, JsonOptions));
    }

    /// <summary>How a run starts: <paramref name="Resumed"/> is the config.json of a resumed run (null for a new one); <paramref name="Figures"/> draws at the end.</summary>
    private sealed record Start(TrainConfig? Resumed, bool Overwrite, InterruptRequest? Interrupt, Action<string>? Figures);
}
