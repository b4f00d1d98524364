namespace Kernel.Envs;

/// <summary>One entry of the env registry (<see cref="Envs.Registered"/>).</summary>
/// <param name="Id">The id passed to <see cref="Envs.Make"/>, e.g. "Pendulum-v1".</param>
/// <param name="MaxEpisodeSteps">The time limit <see cref="Envs.Make"/> sets (Gymnasium's registered max_episode_steps).</param>
/// <param name="Description">One line on what the task is.</param>
public sealed record EnvRegistration(string Id, int MaxEpisodeSteps, string Description);
