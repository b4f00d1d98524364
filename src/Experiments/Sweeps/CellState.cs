namespace Kernel.Experiments.Sweeps;

/// <summary>Where a sweep cell stands.</summary>
public enum CellState
{
    /// <summary>Not started.</summary>
    Pending,

    /// <summary>A <c>kernel train</c> child is (or was, if its runner was killed) running it.</summary>
    Running,

    /// <summary>Trained to the end (exit 0).</summary>
    Finished,

    /// <summary>Stopped at its first non-finite loss, gradient or parameter (exit 3): a result, not a failure.</summary>
    Exploded,

    /// <summary>Stopped from outside (runner interrupted, Slurm cancelled) before the end: the next run resumes it.</summary>
    Interrupted,

    /// <summary>The child failed (any other exit code): the last lines of its output say why; the next run retries it.</summary>
    Failed,
}
