using Kernel.Envs;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// A landscape system over a registered env, in double only (the MuJoCo envs such as HopperStand-v0 simulate in
/// double). Reset(seed) seeds the env's start distribution; a numerical breakdown of the env
/// (<see cref="EnvInstabilityException"/>) ends the trajectory with a NaN reward, so the point reads as non-finite.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class EnvSystem : ILandscapeSystem<double>
{
    private readonly IEnv env;

    /// <summary>Wraps <paramref name="env"/>, which needs a continuous (box) action space; the system owns (disposes) it.</summary>
    /// <exception cref="ArgumentException">The action space is not a box.</exception>
    public EnvSystem(IEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.ActionSpace is not BoxSpace actions)
        {
            throw new ArgumentException($"env = {env.Id}: must have continuous (box) actions for a deterministic controller.", nameof(env));
        }

        this.env = env;
        ActionSize = actions.Dimension;
    }

    /// <inheritdoc />
    public int ObservationSize => env.ObservationSpace.Dimension;

    /// <inheritdoc />
    public int ActionSize { get; }

    /// <summary>Disposes the env (this system owns it).</summary>
    public void Dispose() => env.Dispose();

    /// <inheritdoc />
    public void Reset(ulong seed, Span<double> observation) => env.Reset(seed, observation);

    /// <inheritdoc />
    public double Step(ReadOnlySpan<double> action, Span<double> observation, out bool terminated)
    {
        try
        {
            StepResult result = env.Step(action, observation);
            terminated = result.Done;
            return result.Reward;
        }
        catch (EnvInstabilityException)
        {
            terminated = true;
            return double.NaN;
        }
    }
}
