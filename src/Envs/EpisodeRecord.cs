namespace Kernel.Envs;

/// <summary>An episode that ended during a <see cref="VectorEnv.Step"/> (Gymnasium's RecordEpisodeStatistics).</summary>
/// <param name="Copy">The index of the copy it ran in.</param>
/// <param name="Return">The undiscounted sum of its rewards.</param>
/// <param name="Length">Its number of steps.</param>
/// <param name="Terminated">True if it ended in a terminal state, false if it was truncated (time limit).</param>
public readonly record struct EpisodeRecord(int Copy, double Return, int Length, bool Terminated);
