namespace Kernel.Envs;

/// <summary>
/// A fixed team of threads that runs one batch of per-copy work at a time: the calling thread and
/// <c>threads - 1</c> background threads each take a fixed contiguous block of the indices, so which thread steps
/// which copy never depends on timing. A batch allocates nothing: the threads hand over through a generation
/// counter and one monitor (spinning briefly before they block). The work delegate is referenced only while a batch
/// runs, so the owner of the team can be collected; the owner stops the threads with <see cref="Dispose"/> (or from
/// its finalizer). Thread-safety: one batch at a time, started from one thread at a time.
/// </summary>
internal sealed class StepWorkers : IDisposable
{
    // Spin about 10-30 microseconds before blocking: a batch often ends within that, and a blocked thread costs a
    // wake-up; longer spinning would burn cores while the caller computes its policy between steps.
    private const int SpinsBeforeBlocking = 50;

    private readonly object gate = new();
    private readonly Func<bool> batchDone;
    private readonly long[] allocatedBytes;
    private readonly int threadCount;
    private Action<int, int>? work;
    private int count;
    private int pending;
    private long generation;
    private volatile bool stopping;

    /// <summary>Starts <paramref name="threadCount"/> - 1 background threads (the caller is the first worker).</summary>
    public StepWorkers(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 2);
        this.threadCount = threadCount;
        batchDone = () => Volatile.Read(ref pending) == 0;
        allocatedBytes = new long[threadCount - 1];
        for (int i = 1; i < threadCount; i++)
        {
            new Thread(Loop) { IsBackground = true, Name = $"VectorEnv worker {i}" }.Start(i);
        }
    }

    /// <summary>The number of threads that share a batch, the caller included.</summary>
    public int ThreadCount => threadCount;

    /// <summary>Bytes the background threads allocated inside batches so far (read between batches; for allocation tests).</summary>
    public long BackgroundAllocatedBytes
    {
        get
        {
            long total = 0;
            foreach (long bytes in allocatedBytes)
            {
                total += bytes;
            }

            return total;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, <paramref name="itemCount"/>) split into one block per
    /// thread, and returns when every block is done. <paramref name="body"/> must not throw (catch per item).
    /// </summary>
    public void Run(Action<int, int> body, int itemCount)
    {
        ObjectDisposedException.ThrowIf(stopping, this);
        work = body;
        count = itemCount;
        Volatile.Write(ref pending, threadCount - 1);
        lock (gate)
        {
            generation++;
            Monitor.PulseAll(gate);
        }

        (int first, int end) = Block(0);
        body(first, end);
        WaitUntil(batchDone);
        work = null;
    }

    /// <summary>Stops the background threads (they finish the batch they are in, if any). Safe to call twice.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.PulseAll(gate);
        }
    }

    private (int Start, int End) Block(int worker)
        => ((int)((long)count * worker / threadCount), (int)((long)count * (worker + 1) / threadCount));

    /// <summary>Spins briefly, then blocks on the gate, until <paramref name="done"/> holds (re-checked under the gate; every change is pulsed).</summary>
    private void WaitUntil(Func<bool> done)
    {
        for (int spin = 0; spin < SpinsBeforeBlocking; spin++)
        {
            if (done())
            {
                return;
            }

            Thread.SpinWait(10);
        }

        lock (gate)
        {
            while (!done())
            {
                Monitor.Wait(gate);
            }
        }
    }

    private void Loop(object? state)
    {
        int worker = (int)state!;
        long seen = 0;
        Func<bool> started = () => stopping || Volatile.Read(ref generation) != seen;
        while (true)
        {
            WaitUntil(started);
            if (stopping)
            {
                return;
            }

            seen = Volatile.Read(ref generation);
            (int first, int end) = Block(worker);
            long before = GC.GetAllocatedBytesForCurrentThread();
            work!(first, end);
            allocatedBytes[worker - 1] += GC.GetAllocatedBytesForCurrentThread() - before;
            if (Interlocked.Decrement(ref pending) == 0)
            {
                lock (gate)
                {
                    Monitor.PulseAll(gate);
                }
            }
        }
    }
}
