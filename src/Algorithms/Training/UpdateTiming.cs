using System.Diagnostics;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Where the wall time of one update went (issue 20: the throughput split of 004's runs): stepping the envs, the
/// policy and value forward passes while collecting, the whole collection (those two plus observation normalisation,
/// reward scaling and buffer copies), the update (GAE, the algorithm's update, diagnostics) and the periodic
/// evaluation. Written to timing.csv, not metrics.csv, because timings differ from run to run while metrics.csv is
/// reproducible byte for byte. Measured with <see cref="Stopwatch.GetTimestamp"/>; nothing is allocated.
/// Thread-safety: one thread at a time (the trainer's).
/// </summary>
public sealed class UpdateTiming
{
    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "timing.csv";

    /// <summary>The columns after "update", in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["step", "env_seconds", "inference_seconds", "collect_seconds", "update_seconds", "eval_seconds", "steps_per_second"];

    /// <summary>Environment steps taken so far (all copies), as metrics.csv's step.</summary>
    public long Step { get; set; }

    /// <summary>Environment steps this update's rollout took.</summary>
    public long RolloutSteps { get; set; }

    /// <summary>Stopwatch ticks inside the envs' step.</summary>
    public long EnvTicks { get; set; }

    /// <summary>Stopwatch ticks in the networks' forward passes during collection (actions, values, bootstrap values).</summary>
    public long InferenceTicks { get; set; }

    /// <summary>Stopwatch ticks of the whole collection.</summary>
    public long CollectTicks { get; set; }

    /// <summary>Stopwatch ticks from the end of collection to the end of the update.</summary>
    public long UpdateTicks { get; set; }

    /// <summary>Stopwatch ticks of the evaluation after the update (0 when none ran).</summary>
    public long EvalTicks { get; set; }

    /// <summary>Of <see cref="UpdateTicks"/>: gathering each minibatch and the losses' forward passes (for timings.json, <see cref="RunTimeSplit"/>; not in timing.csv).</summary>
    public long ForwardTicks { get; set; }

    /// <summary>Of <see cref="UpdateTicks"/>: the backward passes.</summary>
    public long BackwardTicks { get; set; }

    /// <summary>Of <see cref="UpdateTicks"/>: gradient clipping and the optimiser steps (a natural-gradient step whole).</summary>
    public long OptimizerTicks { get; set; }

    /// <summary>Of <see cref="UpdateTicks"/>: the metrics row, ratio statistics and the explosion guard's checks.</summary>
    public long DiagnosticsTicks { get; set; }

    /// <summary>Training throughput: the rollout's env steps per second of collection and update (evaluation left out).</summary>
    public double StepsPerSecond => CollectTicks + UpdateTicks == 0 ? double.NaN : RolloutSteps / Seconds(CollectTicks + UpdateTicks);

    /// <summary>The ticks from <paramref name="mark"/> to now, moving <paramref name="mark"/> to now (timing consecutive phases).</summary>
    public static long Lap(ref long mark)
    {
        long now = Stopwatch.GetTimestamp();
        long elapsed = now - mark;
        mark = now;
        return elapsed;
    }

    /// <summary>Stopwatch ticks as seconds.</summary>
    public static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    /// <summary>Zeroes every field (before an update).</summary>
    public void Clear()
    {
        Step = RolloutSteps = EnvTicks = InferenceTicks = CollectTicks = UpdateTicks = EvalTicks = 0;
        ForwardTicks = BackwardTicks = OptimizerTicks = DiagnosticsTicks = 0;
    }

    /// <summary>Writes the row's values in <see cref="Names"/>' order into <paramref name="values"/>.</summary>
    public void CopyTo(Span<double> values)
    {
        values[0] = Step;
        values[1] = Seconds(EnvTicks);
        values[2] = Seconds(InferenceTicks);
        values[3] = Seconds(CollectTicks);
        values[4] = Seconds(UpdateTicks);
        values[5] = Seconds(EvalTicks);
        values[6] = StepsPerSecond;
    }
}
