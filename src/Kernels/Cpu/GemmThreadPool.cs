using System.Runtime.ExceptionServices;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// A small persistent pool of GEMM worker threads (one fewer than the cores; the caller is the other). A job is
/// published in a static slot and workers are woken through <see cref="GemmSignal"/>s, so a parallel call
/// allocates nothing once the pool exists.
/// </summary>
/// <remarks>
/// Thread-safety: one parallel job runs at a time. A call that finds the pool busy (another thread is multiplying)
/// gets false from <see cref="TryRun"/> and runs its job on its own thread, so concurrent callers never wait on each
/// other and never see each other's data.
/// </remarks>
internal static class GemmThreadPool
{
    private static readonly object Gate = new();
    private static readonly GemmSignal Done = new(SpinMicroseconds);
    /// <summary>Microseconds a waiting thread spins before it blocks (back-to-back GEMMs then skip the OS wake-up).</summary>
    private const int SpinMicroseconds = 2000;

    private static Worker[] workers = [];
    private static GemmJob current;
    private static int pending;
    private static ExceptionDispatchInfo? failure;

    /// <summary>Most threads a job may use: the caller plus the workers (the logical processor count).</summary>
    public static int MaxThreads { get; } = Math.Clamp(Environment.ProcessorCount, 1, 64);

    /// <summary>
    /// Runs all <see cref="GemmJob.Parts"/> of <paramref name="job"/>, part 0 on the caller and the rest on workers.
    /// Returns false without running anything when another thread holds the pool.
    /// </summary>
    public static bool TryRun(in GemmJob job)
    {
        if (!Monitor.TryEnter(Gate))
        {
            return false;
        }

        try
        {
            int helpers = Math.Min(job.Parts, MaxThreads) - 1;
            EnsureWorkers(helpers);
            current = job;
            failure = null;
            Volatile.Write(ref pending, helpers);
            for (int i = 0; i < helpers; i++)
            {
                workers[i].Start(i + 1);
            }

            job.RunPart(0);

            // Parts beyond the thread count (not produced by Gemm, but allowed) run here after part 0.
            for (int part = helpers + 1; part < job.Parts; part++)
            {
                job.RunPart(part);
            }

            if (helpers > 0)
            {
                Done.Wait();
            }

            failure?.Throw();
            return true;
        }
        finally
        {
            Monitor.Exit(Gate);
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

    private static void Finish()
    {
        if (Interlocked.Decrement(ref pending) == 0)
        {
            Done.Set();
        }
    }

    /// <summary>One background thread that runs the part it is given, then sleeps until the next job.</summary>
    private sealed class Worker
    {
        private readonly GemmSignal wake = new(SpinMicroseconds);
        private int part;

        public Worker(int index)
        {
            var thread = new Thread(Loop, 256 * 1024)
            {
                IsBackground = true,
                Name = $"Kernel.Gemm worker {index}",
            };
            thread.Start();
        }

        public void Start(int partIndex)
        {
            part = partIndex;
            wake.Set();
        }

        private void Loop()
        {
            while (true)
            {
                wake.Wait();
                try
                {
                    current.RunPart(Volatile.Read(ref part));
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
                finally
                {
                    Finish();
                }
            }
        }
    }
}
