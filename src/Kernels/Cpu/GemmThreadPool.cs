namespace Kernel.Kernels.Cpu;

/// <summary>
/// A small persistent pool of GEMM worker threads (one fewer than the cores; the caller is the other). A job is
/// published in a static slot as a plain struct and workers are woken through <see cref="GemmSignal"/>s, so a parallel
/// call allocates nothing once the pool exists.
/// </summary>
/// <remarks>
/// <para>
/// Work is shared dynamically: the job is cut into more stripes than threads and every participant (the caller
/// included) claims the next stripe with an atomic counter. The caller never waits for a worker to wake up (an OS
/// wake-up costs 50-200 microseconds on a VM): if the workers are late, the caller simply runs more stripes, and it
/// only waits for stripes already claimed and running. A worker that has just finished spins briefly before sleeping
/// so that back-to-back GEMMs find it awake.
/// </para>
/// <para>
/// Thread-safety: one parallel job runs at a time. A call that finds the pool busy (another thread is multiplying)
/// gets false from <see cref="TryRun"/> and runs its job on its own thread, so concurrent callers never wait on each
/// other and never see each other's data.
/// </para>
/// </remarks>
internal static class GemmThreadPool
{
    /// <summary>Microseconds a worker spins for the next job before it blocks.</summary>
    private const int SpinMicroseconds = 500;

    /// <summary>Value of the stripe counter between jobs: above any stripe count, so late claims find nothing.</summary>
    private const int Closed = 1 << 30;

    private static readonly object Gate = new();
    private static Worker[] workers = [];
    private static GemmJob current;
    private static int nextPart = Closed;
    private static int completedParts;
    private static int activeWorkers;
    private static volatile Exception? failure;

    /// <summary>Most threads a job may use: the caller plus the workers (the logical processor count).</summary>
    public static int MaxThreads { get; } = Math.Clamp(Environment.ProcessorCount, 1, 64);

    /// <summary>
    /// Runs all <see cref="GemmJob.Parts"/> stripes of <paramref name="job"/> on the caller and up to
    /// <paramref name="threads"/> - 1 workers. Returns false without running anything when another thread holds the pool.
    /// </summary>
    public static bool TryRun(in GemmJob job, int threads)
    {
        if (!Monitor.TryEnter(Gate))
        {
            return false;
        }

        try
        {
            int helpers = Math.Min(threads, MaxThreads) - 1;
            EnsureWorkers(helpers);

            // A worker woken for an earlier job may still be leaving RunStripes; let it go before the job slot changes.
            // Workers entering later see the Closed counter until the new job is fully published.
            var spin = default(SpinWait);
            while (Volatile.Read(ref activeWorkers) != 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            current = job;
            failure = null;
            Volatile.Write(ref completedParts, 0);
            Interlocked.Exchange(ref nextPart, 0);
            for (int i = 0; i < helpers; i++)
            {
                workers[i].Wake();
            }

            RunStripes();

            // Only stripes that someone has claimed remain; they are running now, so this wait is short.
            spin = default;
            while (Volatile.Read(ref completedParts) < job.Parts)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            Interlocked.Exchange(ref nextPart, Closed);

            if (failure is { } error)
            {
                throw new InvalidOperationException("A GEMM worker failed.", error);
            }

            return true;
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    /// <summary>Claims and runs stripes of the current job until none are left.</summary>
    private static void RunStripes()
    {
        while (true)
        {
            int part = Interlocked.Increment(ref nextPart) - 1;
            if (part >= current.Parts)
            {
                return;
            }

            try
            {
                current.RunPart(part);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                Interlocked.Increment(ref completedParts);
            }
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (workers.Length >= count)
        {
            return;
        }

        var grown = new Worker[count];
        Array.Copy(workers, grown, workers.Length);
        for (int i = workers.Length; i < count; i++)
        {
            grown[i] = new Worker(i + 1);
        }

        workers = grown;
    }

    /// <summary>One background thread that helps with the current job whenever it is woken.</summary>
    private sealed class Worker
    {
        private readonly GemmSignal wake = new(SpinMicroseconds);

        public Worker(int index)
        {
            var thread = new Thread(Loop, 256 * 1024)
            {
                IsBackground = true,
                Name = $"Kernel.Gemm worker {index}",
            };
            thread.Start();
        }

        public void Wake() => wake.Set();

        private void Loop()
        {
            while (true)
            {
                wake.Wait();
                Interlocked.Increment(ref activeWorkers);
                RunStripes();
                Interlocked.Decrement(ref activeWorkers);
            }
        }
    }
}
