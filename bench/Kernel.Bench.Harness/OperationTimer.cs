using System.Diagnostics;

namespace Kernel.Bench.Harness;

/// <summary>
/// Times a workload for a given wall-clock budget: a short warm-up, then batches of runs long enough (about a
/// millisecond) for the clock's resolution not to matter, and the median time per operation over the batches (robust
/// against the preemptions of a shared machine). Allocations are read from the runtime's all-thread counter, so GEMM
/// worker threads count too; the figure is the median batch's, so that one-off allocations of the runtime (a JIT
/// tier-up on a background thread) are not charged to the workload. Thread-safety: stateless.
/// </summary>
public static class OperationTimer
{
    private const double TargetBatchSeconds = 1e-3;
    private const int MinimumBatches = 3;
    private const int MaximumBatches = 1 << 14;

    /// <summary>Warms <paramref name="workload"/> up and times it for about <paramref name="seconds"/>.</summary>
    /// <param name="workload">The workload, already activated.</param>
    /// <param name="seconds">Budget of the timed phase, in (0, 60].</param>
    /// <param name="operationsPerRun">Operations one run counts as (at least 1).</param>
    public static TimingSample Measure(IWorkload workload, double seconds, double operationsPerRun)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (!(seconds > 0 && seconds <= 60))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "the timing budget must lie in (0, 60] seconds.");
        }

        if (!(operationsPerRun >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(operationsPerRun), operationsPerRun, "a run counts as at least one operation.");
        }

        // Warm-up: at least two runs and a tenth of the budget, so the JIT's tiers and the caches settle.
        long start = Stopwatch.GetTimestamp();
        int warmRuns = 0;
        while (warmRuns < 2 || Stopwatch.GetElapsedTime(start).TotalSeconds < seconds / 10)
        {
            workload.Run();
            warmRuns++;
        }

        double secondsPerRun = Stopwatch.GetElapsedTime(start).TotalSeconds / warmRuns;
        int runsPerBatch = (int)Math.Clamp(Math.Ceiling(TargetBatchSeconds / secondsPerRun), 1, 1_000_000);
        var perOperation = new double[MaximumBatches];
        var allocatedInBatch = new long[MaximumBatches];
        int batches = 0;
        long timedStart = Stopwatch.GetTimestamp();
        while (batches < MaximumBatches && (batches < MinimumBatches || Stopwatch.GetElapsedTime(timedStart).TotalSeconds < seconds))
        {
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            long batchStart = Stopwatch.GetTimestamp();
            for (int i = 0; i < runsPerBatch; i++)
            {
                workload.Run();
            }

            perOperation[batches] = Stopwatch.GetElapsedTime(batchStart).TotalNanoseconds / (runsPerBatch * operationsPerRun);
            allocatedInBatch[batches++] = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }

        // The median batch: an allocation every run shows in every batch, while the one-off allocations of the runtime
        // (a tier-up compiling on a background thread) land in a few batches and do not belong to the workload.
        Span<long> allocations = allocatedInBatch.AsSpan(0, batches);
        allocations.Sort();
        double allocatedPerOperation = allocations[batches / 2] / (runsPerBatch * operationsPerRun);
        double operations = (double)batches * runsPerBatch * operationsPerRun;
        Span<double> times = perOperation.AsSpan(0, batches);
        times.Sort();
        double median = batches % 2 == 1 ? times[batches / 2] : (times[(batches / 2) - 1] + times[batches / 2]) / 2;
        return new TimingSample(median, times[0], operations, allocatedPerOperation);
    }
}
