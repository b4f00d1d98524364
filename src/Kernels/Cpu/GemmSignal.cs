using System.Diagnostics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// An auto-reset wake-up flag for the GEMM worker pool: <see cref="Wait"/> spins briefly (a job usually follows
/// soon after another), then blocks on a monitor. Allocation-free after construction, unlike
/// <see cref="ManualResetEventSlim"/>, which creates its lock object on the first blocking wait.
/// </summary>
/// <remarks>Thread-safety: any thread may call <see cref="Set"/>; one thread at a time may <see cref="Wait"/>.</remarks>
internal sealed class GemmSignal
{
    private readonly object gate = new();
    private readonly long spinTicks;
    private volatile bool signaled;

    /// <summary>Creates an unset signal whose waiter spins for <paramref name="spinMicroseconds"/> before blocking.</summary>
    public GemmSignal(int spinMicroseconds) => spinTicks = Stopwatch.Frequency * spinMicroseconds / 1_000_000;

    /// <summary>Sets the flag and wakes the waiter.</summary>
    public void Set()
    {
        lock (gate)
        {
            signaled = true;
            Monitor.Pulse(gate);
        }
    }

    /// <summary>Waits until the flag is set, then clears it.</summary>
    public void Wait()
    {
        long start = Stopwatch.GetTimestamp();
        do
        {
            if (signaled)
            {
                signaled = false;
                return;
            }

            Thread.SpinWait(8);
        }
        while (Stopwatch.GetTimestamp() - start < spinTicks);

        lock (gate)
        {
            while (!signaled)
            {
                Monitor.Wait(gate);
            }

            signaled = false;
        }
    }
}
