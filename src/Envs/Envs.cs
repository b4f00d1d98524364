using Kernel.Envs.ClassicControl;
using Kernel.Envs.Control;
using Kernel.Envs.MuJoCo;

namespace Kernel.Envs;

/// <summary>
/// The env registry (Gymnasium's <c>gymnasium.make</c>): ids to constructors, with each env's registered time limit
/// applied as truncation. The built-in envs are always there; a host adds its own with <see cref="Register"/>, after
/// which <see cref="Make"/>, <see cref="VectorEnv"/> and the trainer use them like any other.
/// Thread-safety: every member may be called from any thread; the envs it makes belong to one thread at a time.
/// </summary>
public static class Envs
{
    private static readonly Entry[] BuiltIn =
    [
        new(new(Pendulum.EnvId, 200, "Swing a pendulum up and hold it upright with a bounded torque (continuous)."), o => new Pendulum(o)),
        new(new(MountainCarContinuous.EnvId, 999, "Drive an underpowered car up a hill, paying for force (continuous)."), o => new MountainCarContinuous(o)),
        new(new(MountainCar.EnvId, 200, "Drive an underpowered car up a hill by rocking it (3 discrete pushes)."), o => new MountainCar(o)),
        new(new(CartPole.EnvId, 500, "Balance a pole on a cart by pushing it left or right (discrete)."), o => new CartPole(o)),
        new(new(Acrobot.EnvId, 500, "Swing the tip of a two-link underactuated arm above a line (3 discrete torques)."), o => new Acrobot(o)),
        new(new(DoublePendulum.EnvId, 1000, "Drive a fully actuated double pendulum to rest at the origin, two joint torques (continuous; seed paper F.2)."), o => new DoublePendulum(o)),
        new(new(PlanarQuadrotor.EnvId, 1000, "Stabilise a planar quadrotor at a hover with two rotor thrusts (continuous; seed paper)."), o => new PlanarQuadrotor(o)),
        new(new(Hopper.EnvId, 1000, "Make a one-legged planar robot hop forward (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new Hopper(o)),
        new(new(HopperStand.EnvId, 1000, "Hold the MuJoCo hopper standing still under a quadratic cost, no termination (seed paper 002 F.1; needs libmujoco2.2.2)."), o => new HopperStand(o)),
        new(new(InvertedPendulum.EnvId, 1000, "Keep a pole upright by pushing its cart (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new InvertedPendulum(o)),
        new(new(InvertedDoublePendulum.EnvId, 1000, "Balance two stacked poles on a cart (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new InvertedDoublePendulum(o)),
        new(new(Walker2d.EnvId, 1000, "Make a two-legged planar robot walk forward (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new Walker2d(o)),
        new(new(HalfCheetah.EnvId, 1000, "Make a planar two-legged cat run forward (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new HalfCheetah(o)),
        new(new(Ant.EnvId, 1000, "Make a four-legged robot walk forward (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new Ant(o)),
        new(new(Humanoid.EnvId, 1000, "Make a 3-D humanoid walk forward without falling (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new Humanoid(o)),
    ];

    private static readonly Lock RegistrationLock = new();

    // Replaced whole (copy on write) under RegistrationLock, so readers see one consistent table without locking.
    private static volatile Entry[] table = BuiltIn;

    /// <summary>
    /// Every registered env: the built-in ones in a fixed order, then those added by <see cref="Register"/> in the order
    /// they were added (for <c>kernel envs list</c>). A snapshot: later registrations do not change a list already returned.
    /// </summary>
    public static IReadOnlyList<EnvRegistration> Registered => Array.AsReadOnly(Array.ConvertAll(table, e => e.Registration));

    /// <summary>
    /// Adds a user-defined env under <paramref name="registration"/>'s id, so <see cref="Make"/>, <see cref="VectorEnv"/>
    /// and the trainer (<c>TrainConfig.Env</c>) make it like a built-in one, with its registered time limit as truncation.
    /// Registrations last for the process; an id cannot be registered twice.
    /// </summary>
    /// <param name="registration">The id (non-blank, unique), the time limit (at least 1 step) and a one-line description.</param>
    /// <param name="create">
    /// Makes a new env on each call from the options given to <see cref="Make"/> (null for none); the env's
    /// <see cref="IEnv.Id"/> must be the registered id, and it must read every option it is given (<see cref="EnvOptions"/>).
    /// </param>
    /// <exception cref="ArgumentException">The id is blank, the time limit is below 1, or the id is already registered (built in or by an earlier call).</exception>
    public static void Register(EnvRegistration registration, Func<EnvOptions?, EnvBase> create)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(create);
        if (string.IsNullOrWhiteSpace(registration.Id))
        {
            throw new ArgumentException($"registration.Id = '{registration.Id}': expected a non-blank env id.", nameof(registration));
        }

        if (registration.MaxEpisodeSteps < 1)
        {
            throw new ArgumentException($"registration.MaxEpisodeSteps = {registration.MaxEpisodeSteps} for env '{registration.Id}': expected at least 1 step.", nameof(registration));
        }

        lock (RegistrationLock)
        {
            Entry[] current = table;
            if (Array.FindIndex(current, e => e.Registration.Id == registration.Id) is var index and >= 0)
            {
                string owner = index < BuiltIn.Length ? "a built-in env" : "an env registered earlier";
                throw new ArgumentException($"registration.Id = '{registration.Id}' is already the id of {owner}; each id can be registered once.", nameof(registration));
            }

            table = [.. current, new Entry(registration, create)];
        }
    }

    /// <summary>
    /// Makes the env registered as <paramref name="id"/> (exact, case-sensitive, as Gymnasium) with its registered
    /// time limit as <see cref="EnvBase.MaxEpisodeSteps"/>.
    /// </summary>
    /// <param name="id">A registered id, e.g. "CartPole-v1".</param>
    /// <param name="options">Constructor options; every key must be one the env knows.</param>
    /// <exception cref="ArgumentException">The id is not registered (the message lists the ids and a close match), or an option is unknown or malformed.</exception>
    public static IEnv Make(string id, EnvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        Entry[] current = table;
        foreach ((EnvRegistration registration, Func<EnvOptions?, EnvBase> create) in current)
        {
            if (string.Equals(registration.Id, id, StringComparison.Ordinal))
            {
                EnvBase env = create(options) ?? throw new InvalidOperationException($"the constructor registered for env '{id}' returned null.");
                if (!string.Equals(env.Id, id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the constructor registered for env '{id}' made an env whose Id is '{env.Id}'; the two must be the same (checkpoints and records name the env by it).");
                }

                options?.EnsureAllUsed(id);
                env.MaxEpisodeSteps = registration.MaxEpisodeSteps;
                return env;
            }
        }

        string? suggestion = ClosestId(id, current);
        string hint = suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?";
        throw new ArgumentException(
            $"unknown env '{id}'; registered envs are {string.Join(", ", current.Select(e => e.Registration.Id))}.{hint}", nameof(id));
    }

    /// <summary>The registered id nearest to <paramref name="id"/> (case-insensitive edit distance), or null if none is close.</summary>
    private static string? ClosestId(string id, Entry[] entries)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach ((EnvRegistration registration, _) in entries)
        {
            int distance = EditDistance(id.ToLowerInvariant(), registration.Id.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = registration.Id;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, best.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>One row of the table: what <see cref="Registered"/> lists and how <see cref="Make"/> builds it.</summary>
    private readonly record struct Entry(EnvRegistration Registration, Func<EnvOptions?, EnvBase> Create);
}
