using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Files;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Where a whole run's wall time went (issue 21 item 5), written to timings.json when the run stops and printed by
/// <c>kernel train</c>: start-up (networks, initialisation, envs, reading a checkpoint), env stepping, rollout
/// inference, the rest of collection, the update's forward passes, backward passes and optimiser steps (a natural-
/// gradient step counts whole as the optimiser step), diagnostics (the metrics row, ratio statistics and the explosion
/// guard's checks), the rest of the update (GAE, minibatch gathering), the periodic evaluation, and output (metrics,
/// logs, checkpoints, plots). Whatever no part measured is "other". A resumed run adds to the file it finds, so the
/// totals cover every process that worked on the directory (updates a resume redid included); <c>segments</c> counts
/// those processes. Kept out of metrics.csv, which must stay reproducible byte for byte.
/// Thread-safety: one thread at a time (the run's).
/// </summary>
public sealed class RunTimeSplit
{
    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "timings.json";

    /// <summary>The parts, in the order they are written and printed.</summary>
    public static IReadOnlyList<string> PartNames { get; } =
    [
        "startup", "env_stepping", "rollout_inference", "collection_other", "update_forward", "update_backward",
        "update_optimizer", "diagnostics", "update_other", "evaluation", "output", "other",
    ];

    private readonly long[] ticks = new long[PartNames.Count];
    private readonly double[] earlierSeconds = new double[PartNames.Count];
    private readonly long started = Stopwatch.GetTimestamp();
    private int earlierSegments;

    /// <summary>Updates made in this process.</summary>
    public long Updates { get; private set; }

    /// <summary>Env steps of those updates.</summary>
    public long Steps { get; private set; }

    /// <summary>Adds what a resumed run's timings.json holds, so the totals cover the whole run (a missing or unreadable file adds nothing).</summary>
    public void ContinueFrom(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            JsonNode? root = JsonNode.Parse(File.ReadAllText(path));
            earlierSegments = root?["segments"]?.GetValue<int>() ?? 0;
            for (int i = 0; i < PartNames.Count; i++)
            {
                earlierSeconds[i] = root?["seconds"]?[PartNames[i]]?.GetValue<double>() ?? 0;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            // A damaged timings file loses only the earlier segments' split, never the run.
            Array.Clear(earlierSeconds);
            earlierSegments = 0;
        }
    }

    /// <summary>Marks the end of start-up: everything from construction to now.</summary>
    public void StartupDone() => ticks[0] = Stopwatch.GetTimestamp() - started;

    /// <summary>Adds one update's split.</summary>
    public void Add(UpdateTiming update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Updates++;
        Steps += update.RolloutSteps;
        long updateMeasured = update.ForwardTicks + update.BackwardTicks + update.OptimizerTicks + update.DiagnosticsTicks;
        ticks[1] += update.EnvTicks;
        ticks[2] += update.InferenceTicks;
        ticks[3] += Math.Max(0, update.CollectTicks - update.EnvTicks - update.InferenceTicks);
        ticks[4] += update.ForwardTicks;
        ticks[5] += update.BackwardTicks;
        ticks[6] += update.OptimizerTicks;
        ticks[7] += update.DiagnosticsTicks;
        ticks[8] += Math.Max(0, update.UpdateTicks - updateMeasured);
        ticks[9] += update.EvalTicks;
    }

    /// <summary>Adds the ticks since <paramref name="since"/> (a <see cref="Stopwatch.GetTimestamp"/>) to output.</summary>
    public void AddOutput(long since) => ticks[10] += Stopwatch.GetTimestamp() - since;

    /// <summary>Seconds per part over the whole run (earlier segments included), in <see cref="PartNames"/>' order; "other" is the wall time no part measured.</summary>
    public double[] Seconds()
    {
        // "other" (the last part) is never accumulated: it is the wall time the other parts leave unmeasured.
        long measured = ticks.Sum();
        var seconds = new double[ticks.Length];
        for (int i = 0; i < ticks.Length; i++)
        {
            long part = i == ticks.Length - 1 ? Math.Max(0, Stopwatch.GetTimestamp() - started - measured) : ticks[i];
            seconds[i] = earlierSeconds[i] + UpdateTiming.Seconds(part);
        }

        return seconds;
    }

    /// <summary>Writes timings.json (atomically) and returns the printed table: each part's seconds and share of the wall time.</summary>
    public string Write(string directory)
    {
        double[] seconds = Seconds();
        double wall = seconds.Sum();
        var parts = new JsonObject();
        for (int i = 0; i < PartNames.Count; i++)
        {
            parts[PartNames[i]] = seconds[i];
        }

        double update = seconds[4] + seconds[5] + seconds[6] + seconds[7] + seconds[8];
        var root = new JsonObject
        {
            ["segments"] = earlierSegments + 1,
            ["updates_this_segment"] = Updates,
            ["steps_this_segment"] = Steps,
            ["wall_seconds"] = wall,
            ["seconds"] = parts,
            ["diagnostics_share_of_update"] = update > 0 ? JsonValue.Create(seconds[7] / update) : null,
        };
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"time split ({wall:F1} s; {FileName}):");
        for (int i = 0; i < PartNames.Count; i++)
        {
            if (seconds[i] > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" {PartNames[i]} {seconds[i]:F2} s ({100 * seconds[i] / wall:F0}%),");
            }
        }

        text.Length--;
        return text.ToString();
    }
}
