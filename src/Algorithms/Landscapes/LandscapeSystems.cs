using System.Numerics;
using Kernel.Envs;
using Kernel.Envs.Control;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// The systems a landscape can be taken on, by name: the generic-T models (DoublePendulum-v0 and the Fig 2 single
/// pendulum <see cref="SinglePendulumModel{T}.Name"/>) in fp32 or fp64, and every other registered continuous-action
/// env (e.g. HopperStand-v0, PlanarQuadrotor-v0) in fp64 only.
/// </summary>
public static class LandscapeSystems
{
    /// <summary>The names with a generic-T model (fp32 possible, Lyapunov estimates possible).</summary>
    public static IReadOnlyList<string> ModelNames { get; } = [DoublePendulum.EnvId, SinglePendulumModel<double>.Name];

    /// <summary>Whether <paramref name="name"/> has a generic-T model.</summary>
    public static bool HasModel(string name) => ModelNames.Contains(name);

    /// <summary>The default horizon of <paramref name="name"/>: the registered episode limit (1000 for the single pendulum, as the double).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static int DefaultHorizon(string name)
    {
        if (name == SinglePendulumModel<double>.Name)
        {
            return DoublePendulum.Horizon;
        }

        return Registration(name).MaxEpisodeSteps;
    }

    /// <summary>A new control model of <paramref name="name"/> in <typeparamref name="T"/>, with the env's constructor <paramref name="options"/> (the single pendulum takes none).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> has no generic model, or an option is unknown or malformed.</exception>
    public static IControlModel<T> CreateModel<T>(string name, IReadOnlyDictionary<string, string>? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var envOptions = new EnvOptions(options);
        if (name == DoublePendulum.EnvId)
        {
            var pendulum = new DoublePendulum(envOptions);
            envOptions.EnsureAllUsed(name);
            return new DoublePendulumModel<T>(pendulum);
        }

        if (name == SinglePendulumModel<T>.Name)
        {
            envOptions.EnsureAllUsed(name);
            return new SinglePendulumModel<T>();
        }

        throw new ArgumentException($"env = {name}: has no generic model; must be one of {string.Join(", ", ModelNames)} for fp32 or a Lyapunov estimate.", "env");
    }

    /// <summary>A new landscape system of <paramref name="name"/> in <typeparamref name="T"/> (one per worker), made with the env's constructor <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name, a discrete-action env, float asked of an env without a generic model, or an unknown or malformed option.</exception>
    public static ILandscapeSystem<T> Create<T>(string name, IReadOnlyDictionary<string, string>? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (HasModel(name))
        {
            return new ModelSystem<T>(CreateModel<T>(name, options));
        }

        Registration(name);
        if (typeof(T) != typeof(double))
        {
            throw new ArgumentException($"env = {name}: runs in double only; fp32 needs one of {string.Join(", ", ModelNames)}.", "env");
        }

        IEnv env = Envs.Envs.Make(name, new EnvOptions(options));
        try
        {
            return (ILandscapeSystem<T>)(object)new EnvSystem(env);
        }
        catch
        {
            env.Dispose();
            throw;
        }
    }

    private static EnvRegistration Registration(string name)
        => Envs.Envs.Registered.FirstOrDefault(r => r.Id == name)
            ?? throw new ArgumentException($"env = {name}: must be {SinglePendulumModel<double>.Name} or a registered env id (see kernel envs).", "env");
}
