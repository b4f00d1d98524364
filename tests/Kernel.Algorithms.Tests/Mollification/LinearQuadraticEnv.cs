using Kernel.Envs;

namespace Kernel.Algorithms.Tests.Mollification;

/// <summary>
/// A smooth test problem: the discrete double integrator s' = A s + B u with A = [[1, 0.1], [0, 1]], B = (0, 0.1),
/// reward -(s . s + 0.1 u^2) at the state before the step, unbounded actions, reset to s0 = (1, 0) exactly, a
/// 50-step time limit. J(K) of u = -K s is smooth in K, so its gradient is what finite differences of the exact
/// deterministic return give (<see cref="Return"/>).
/// </summary>
internal sealed class LinearQuadraticEnv : EnvBase
{
    public const string EnvId = "TestLinearQuadratic-v0";
    public const int Horizon = 50;

    private readonly double[] state = new double[2];

    public LinearQuadraticEnv(EnvOptions? options)
        : base(EnvId, BoxSpace.Uniform(2, double.NegativeInfinity, double.PositiveInfinity), BoxSpace.Uniform(1, double.NegativeInfinity, double.PositiveInfinity), stateSize: 2)
        => (options ?? EnvOptions.None).EnsureAllUsed(EnvId);

    /// <summary>Registers the env once per process.</summary>
    public static void EnsureRegistered()
    {
        lock (typeof(LinearQuadraticEnv))
        {
            if (!Envs.Envs.Registered.Any(r => r.Id == EnvId))
            {
                Envs.Envs.Register(new EnvRegistration(EnvId, Horizon, "Double integrator with a quadratic cost (test env)."), options => new LinearQuadraticEnv(options));
            }
        }
    }

    /// <summary>The exact discounted return of u = -K s from s0 over the horizon.</summary>
    public static double Return(double k0, double k1, double gamma)
    {
        double x = 1, v = 0, total = 0, discount = 1;
        for (int t = 0; t < Horizon; t++)
        {
            double u = -((k0 * x) + (k1 * v));
            total += discount * -((x * x) + (v * v) + (0.1 * u * u));
            (x, v) = (x + (0.1 * v), v + (0.1 * u));
            discount *= gamma;
        }

        return total;
    }

    public override void GetState(Span<double> destination) => state.CopyTo(destination);

    protected override void ResetCore(Span<double> observation)
    {
        state[0] = 1;
        state[1] = 0;
        state.CopyTo(observation);
    }

    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        double u = action[0];
        double reward = -((state[0] * state[0]) + (state[1] * state[1]) + (0.1 * u * u));
        (state[0], state[1]) = (state[0] + (0.1 * state[1]), state[1] + (0.1 * u));
        state.CopyTo(observation);
        return new StepResult(reward, Terminated: false, Truncated: false);
    }

    protected override void SetStateCore(ReadOnlySpan<double> newState) => newState.CopyTo(state);
}
