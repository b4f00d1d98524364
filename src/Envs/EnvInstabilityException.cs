namespace Kernel.Envs;

/// <summary>
/// An env's dynamics broke down: a step or reset made an observation that is not finite (<see cref="EnvBase"/>), or
/// the simulator flagged a bad state (<see cref="MuJoCo.MuJoCoInstabilityException"/>). A numerical breakdown, not a
/// misuse: training ends the run as an explosion naming <see cref="What"/>, the env, the step and the copy.
/// </summary>
public class EnvInstabilityException : InvalidOperationException
{
    /// <summary>Creates the exception for env <paramref name="env"/> at episode step <paramref name="step"/>.</summary>
    /// <param name="env">The env id.</param>
    /// <param name="step">The env step since the last reset (from 1; 0 for the reset itself).</param>
    /// <param name="what">What broke down, with its value: "observation[2] = NaN".</param>
    /// <param name="message">The whole message, naming the env, the step and <paramref name="what"/>.</param>
    public EnvInstabilityException(string env, int step, string what, string message)
        : base(message)
    {
        Env = env;
        Step = step;
        What = what;
    }

    /// <summary>The env id.</summary>
    public string Env { get; }

    /// <summary>The env step since the last reset whose result broke down (from 1; 0 for the reset itself).</summary>
    public int Step { get; }

    /// <summary>What broke down, with its value: "observation[2] = NaN", "MuJoCo warning BadQacc (...)".</summary>
    public string What { get; }

    /// <summary>The copy of a <see cref="VectorEnv"/> that failed (from 0), set by the vector env; null for a lone env.</summary>
    public int? Copy { get; internal set; }
}
