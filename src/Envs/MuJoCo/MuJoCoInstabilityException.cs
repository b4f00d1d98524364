using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// MuJoCo flagged a bad qpos, qvel or qacc (a value beyond its 1e10 limit, or not finite) during a step and reset the
/// simulation to the model's defaults: the step's result would be a silently different state, so the env refuses it.
/// The message names the env, the step and the warning.
/// </summary>
public sealed class MuJoCoInstabilityException : EnvInstabilityException
{
    /// <summary>Creates the exception for <paramref name="env"/> at env step <paramref name="step"/> (physics substep <paramref name="substep"/> of <paramref name="frameSkip"/>).</summary>
    /// <param name="env">The env id.</param>
    /// <param name="step">The env step (from 1 after the last reset).</param>
    /// <param name="substep">The mj_step within the env step.</param>
    /// <param name="frameSkip">mj_steps per env step.</param>
    /// <param name="warning">The warning MuJoCo counted.</param>
    /// <param name="text">MuJoCo's own message for it (empty if none was passed on).</param>
    public MuJoCoInstabilityException(string env, int step, int substep, int frameSkip, MjWarning warning, string text)
        : base(env, step, $"MuJoCo warning {Describe(warning)} at physics substep {substep} of {frameSkip}", $"{env}: the simulation became unstable at step {step} (physics substep {substep} of {frameSkip}): MuJoCo warning {Describe(warning)}{(text.Length > 0 ? $" \"{text.Trim()}\"" : string.Empty)}, and MuJoCo reset the state")
    {
        Warning = warning;
    }

    /// <summary>The warning MuJoCo raised.</summary>
    public MjWarning Warning { get; }

    private static string Describe(MjWarning warning) => warning switch
    {
        MjWarning.BadQpos => "BadQpos (a bad number in qpos)",
        MjWarning.BadQvel => "BadQvel (a bad number in qvel)",
        _ => "BadQacc (a bad number in qacc)",
    };
}
