namespace Kernel.Envs;

/// <summary>Everything that decides an env's future, as <see cref="IEnv.Capture"/> records it (a value; the arrays are the checkpoint's own copies).</summary>
/// <param name="EnvId">The env's registry id.</param>
/// <param name="State">The internal state (<see cref="IEnv.GetState"/>).</param>
/// <param name="Random">The env's random stream (<see cref="KernelRandom.ExportState"/>).</param>
/// <param name="ElapsedSteps">Steps since the last reset (drives truncation).</param>
/// <param name="Started">Whether the env has been reset.</param>
/// <param name="Done">Whether the episode has ended (Step refuses until Reset).</param>
public sealed record EnvCheckpoint(string EnvId, double[] State, ulong[] Random, int ElapsedSteps, bool Started, bool Done);
