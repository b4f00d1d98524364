namespace Kernel.Algorithms.Training;

/// <summary>How a training run ended.</summary>
/// <param name="Updates">Updates made.</param>
/// <param name="Steps">Environment steps taken.</param>
/// <param name="Exploded">Whether the run stopped at a non-finite loss, gradient or parameter.</param>
/// <param name="ExplodedAt">What became non-finite first (null unless exploded).</param>
/// <param name="MonitorReport">The numerics monitor's description of the first non-finite op output (null if none).</param>
public sealed record TrainingOutcome(long Updates, long Steps, bool Exploded, string? ExplodedAt, string? MonitorReport)
{
    /// <summary>Why the run's figures hook could not draw plots/*.png (e.g. no usable font), or null when it did or there was none.</summary>
    public string? PlotsError { get; init; }

    /// <summary>The signal that stopped the run (after a whole update, its checkpoint and metrics written; see <see cref="RolloutAbandoned"/>), or null if it ran to its end or exploded.</summary>
    public string? InterruptedBy { get; init; }

    /// <summary>One line: where the run's wall time went (<see cref="RunTimeSplit"/>, also in timings.json), or null when the run wrote none.</summary>
    public string? TimeSplit { get; init; }

    /// <summary>Whether the interrupt came during a rollout, which was abandoned: <see cref="Updates"/> and <see cref="Steps"/> are those of the last completed update, whose checkpoint was written (none when it is 0).</summary>
    public bool RolloutAbandoned { get; init; }
}
