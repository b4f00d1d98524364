using System.Globalization;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Training;

namespace Kernel.Cli.Commands;

/// <summary>
/// Progress of a training run on the console: one line at most every two seconds (and at the last update) with
/// steps, steps/s, ETA, the last mean return and ratio_log10_max. Plain lines whether or not a terminal is
/// attached, so logs and terminals read the same.
/// </summary>
internal sealed class TrainingProgress(TrainConfig config)
{
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan lastPrinted = TimeSpan.FromSeconds(-10);
    private double lastReturn = double.NaN;

    /// <summary>Called after every update.</summary>
    public void Report(UpdateRecord record)
    {
        if (!double.IsNaN(record.ReturnMean))
        {
            lastReturn = record.ReturnMean;
        }

        TimeSpan now = clock.Elapsed;
        bool last = record.Update >= config.Updates || record.Exploded;
        if (!last && now - lastPrinted < TimeSpan.FromSeconds(2))
        {
            return;
        }

        lastPrinted = now;
        double rate = record.Step / Math.Max(now.TotalSeconds, 1e-9);
        // No step taken yet (an update that exploded in its first rollout step) gives no rate to extrapolate; an exploded run has no end to wait for.
        string eta = rate > 0 && !record.Exploded
            ? ((config.Updates * config.BatchSize - record.Step) / rate).ToString("F0", CultureInfo.InvariantCulture) + " s"
            : "-";
        // mollified-pg has no ratio or KL: it shows the deterministic controller's return J and the gradient norm instead.
        string tail = record.DeterministicReturn is { } deterministic
            ? string.Create(CultureInfo.InvariantCulture, $"J {deterministic:F1}  grad_norm {record.GradNorm:G3}")
            : string.Create(CultureInfo.InvariantCulture, $"ratio_log10_max {record.RatioLog10Max:F3}  kl_mean {record.KlMean:G3}");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"update {record.Update}/{config.Updates}  step {record.Step}  {rate:F0} steps/s  eta {eta}  return {lastReturn:F1}  {tail}"));
    }
}
