namespace Kernel.Algorithms.Training;

/// <summary>
/// A request, from a signal handler or any other thread, that a training run stop at the end of the update in
/// progress: <see cref="TrainingRun"/> then writes a checkpoint and the metrics row and returns an outcome marked
/// interrupted. The first request wins; later ones change nothing here (the signal handler decides what a second
/// signal does).
/// Thread-safety: <see cref="Request"/> may be called from any thread; the run reads it between updates.
/// </summary>
public sealed class InterruptRequest
{
    private volatile string? signal;

    /// <summary>Whether a stop was requested.</summary>
    public bool IsRequested => signal is not null;

    /// <summary>What asked for the stop (e.g. "SIGINT"), or null.</summary>
    public string? Signal => signal;

    /// <summary>Asks the run to stop after the current update; returns false if a stop had been asked for already.</summary>
    public bool Request(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return Interlocked.CompareExchange(ref signal, reason, null) is null;
    }
}
