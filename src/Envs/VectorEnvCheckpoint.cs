namespace Kernel.Envs;

/// <summary>A <see cref="VectorEnv"/> as <see cref="VectorEnv.Capture"/> records it.</summary>
/// <param name="Copies">Each copy's checkpoint, in row order.</param>
/// <param name="Observations">The current observations, N x obs_dim.</param>
/// <param name="EpisodeReturns">Each copy's return so far in its running episode.</param>
/// <param name="EpisodeLengths">Each copy's steps so far in its running episode.</param>
/// <param name="Ready">Whether Step may be called (reset and not failed).</param>
public sealed record VectorEnvCheckpoint(IReadOnlyList<EnvCheckpoint> Copies, double[] Observations, double[] EpisodeReturns, int[] EpisodeLengths, bool Ready);
