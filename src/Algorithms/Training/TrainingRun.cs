using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kernel.Algorithms.Diagnostics;

namespace Kernel.Algorithms.Training;

/// <summary>
/// A whole training run into a directory: config.json (the resolved configuration) first, then one metrics row
/// per update (metrics.csv, metrics.jsonl, flushed as written), and, if the run explodes, numerics.json with what
/// failed and the monitor's report of the op and label that first produced a non-finite value. Nothing written is
/// removed when a run fails. The precision string picks the tensor type.
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

    /// <summary>Runs <paramref name="config"/> to its step budget or its first explosion; returns the last update's record.</summary>
    /// <param name="config">The run's configuration (validated first).</param>
    /// <param name="directory">The run directory (created if needed).</param>
    /// <param name="onUpdate">Called after every update with the trainer's record (progress display).</param>
    public static TrainingOutcome Run(TrainConfig config, string directory, Action<UpdateRecord>? onUpdate = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return config.Precision switch
        {
            "fp16" => Run<Half>(config, directory, onUpdate),
            "fp64" => Run<double>(config, directory, onUpdate),
            _ => Run<float>(config, directory, onUpdate),
        };
    }

    private static TrainingOutcome Run<T>(TrainConfig config, string directory, Action<UpdateRecord>? onUpdate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var trainer = new PolicyGradientTrainer<T>(config);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ConfigFileName), JsonSerializer.Serialize(config, JsonOptions));
        using var metrics = new MetricsWriter(directory);
        UpdateRecord? last = null;
        while (trainer.Updates < config.Updates)
        {
            last = trainer.Update();
            metrics.Write(last);
            onUpdate?.Invoke(last);
            if (trainer.Exploded)
            {
                WriteNumericsReport(directory, last, trainer.ExplosionReport?.Describe());
                return new TrainingOutcome(trainer.Updates, trainer.Steps, true, last.ExplodedAt, trainer.ExplosionReport?.Describe());
            }
        }

        return new TrainingOutcome(trainer.Updates, trainer.Steps, false, null, null);
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
