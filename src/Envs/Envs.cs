using Kernel.Envs.ClassicControl;
using Kernel.Envs.Control;
using Kernel.Envs.MuJoCo;

namespace Kernel.Envs;

/// <summary>
/// The env registry (Gymnasium's <c>gymnasium.make</c>): ids to constructors, with each env's registered time limit
/// applied as truncation. Thread-safety: every member may be called from any thread; the envs it makes belong to
/// one thread at a time.
/// </summary>
public static class Envs
{
    private static readonly (EnvRegistration Registration, Func<EnvOptions?, EnvBase> Create)[] Table =
    [
        (new(Pendulum.EnvId, 200, "Swing a pendulum up and hold it upright with a bounded torque (continuous)."), o => new Pendulum(o)),
        (new(MountainCarContinuous.EnvId, 999, "Drive an underpowered car up a hill, paying for force (continuous)."), o => new MountainCarContinuous(o)),
        (new(MountainCar.EnvId, 200, "Drive an underpowered car up a hill by rocking it (3 discrete pushes)."), o => new MountainCar(o)),
        (new(CartPole.EnvId, 500, "Balance a pole on a cart by pushing it left or right (discrete)."), o => new CartPole(o)),
        (new(Acrobot.EnvId, 500, "Swing the tip of a two-link underactuated arm above a line (3 discrete torques)."), o => new Acrobot(o)),
        (new(DoublePendulum.EnvId, 1000, "Drive a fully actuated double pendulum to rest at the origin, two joint torques (continuous; seed paper F.2)."), o => new DoublePendulum(o)),
        (new(PlanarQuadrotor.EnvId, 1000, "Stabilise a planar quadrotor at a hover with two rotor thrusts (continuous; seed paper)."), o => new PlanarQuadrotor(o)),
        (new(Hopper.EnvId, 1000, "Make a one-legged planar robot hop forward (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new Hopper(o)),
        (new(HopperStand.EnvId, 1000, "Hold the MuJoCo hopper standing still under a quadratic cost, no termination (seed paper 002 F.1; needs libmujoco2.2.2)."), o => new HopperStand(o)),
        (new(InvertedPendulum.EnvId, 1000, "Keep a pole upright by pushing its cart (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new InvertedPendulum(o)),
        (new(InvertedDoublePendulum.EnvId, 1000, "Balance two stacked poles on a cart (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new InvertedDoublePendulum(o)),
        (new(Walker2d.EnvId, 1000, "Make a two-legged planar robot walk forward (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new Walker2d(o)),
        (new(HalfCheetah.EnvId, 1000, "Make a planar two-legged cat run forward (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new HalfCheetah(o)),
        (new(Ant.EnvId, 1000, "Make a four-legged robot walk forward (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new Ant(o)),
        (new(Humanoid.EnvId, 1000, "Make a 3-D humanoid walk forward without falling (MuJoCo, Gymnasium v4; needs libmujoco2.2.2)."), o => new Humanoid(o)),
    ];

    /// <summary>Every registered env, in a fixed order (for <c>kernel envs list</c>).</summary>
    public static IReadOnlyList<EnvRegistration> Registered { get; } = Array.AsReadOnly(Array.ConvertAll(Table, e => e.Registration));

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
        foreach ((EnvRegistration registration, Func<EnvOptions?, EnvBase> create) in Table)
        {
            if (string.Equals(registration.Id, id, StringComparison.Ordinal))
            {
                EnvBase env = create(options);
                options?.EnsureAllUsed(id);
                env.MaxEpisodeSteps = registration.MaxEpisodeSteps;
                return env;
            }
        }

        string? suggestion = ClosestId(id);
        string hint = suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?";
        throw new ArgumentException(
            $"unknown env '{id}'; registered envs are {string.Join(", ", Table.Select(e => e.Registration.Id))}.{hint}", nameof(id));
    }

    /// <summary>The registered id nearest to <paramref name="id"/> (case-insensitive edit distance), or null if none is close.</summary>
    private static string? ClosestId(string id)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach ((EnvRegistration registration, _) in Table)
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
}
