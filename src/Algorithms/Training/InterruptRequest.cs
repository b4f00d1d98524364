namespace Kernel.Algorithms.Training;

/// <summary>
/// A request, from a signal handler or any other thread, that a training run stop: a rollout in progress stops
/// before its next env step and its update is abandoned; an update whose rollout is complete is finished first.
/// <see cref="TrainingRun"/> then writes the checkpoint of the last completed update (the metrics rows are those of
/// the completed updates) and returns an outcome marked interrupted. The first request wins; later ones change
/// nothing here (the signal handler decides what a second signal does).
/// Thread-safety: <see cref="Request"/> may be called from any thread; the run reads it between updates and between
/// the env steps of a rollout.
/// </summary>
public sealed class InterruptRequest
{
    private volatile string? signal;

    /// <summary>Whether a stop was requested.</summary>
    public bool IsRequested => signal is not null;

    /// <summary>What asked for the stop (e.g. "SIGINT"), or null.</summary>
    public string? Signal => signal;

    /// <summary>Asks the run to stop (see the type's remarks); returns false if a stop had been asked for already.</summary>
    public bool Request(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return Interlocked.CompareExchange(ref signal, reason, null) is null;
    }
}
