using Kernel.Envs;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>
/// A user-defined env as a host writes one (public and protected members of <see cref="EnvBase"/> only): a point on a
/// line moves by 0.1 * action, action in [-1, 1], and pays its squared distance from the origin.
/// </summary>
internal sealed class LineToOrigin : EnvBase
{
    public const string EnvId = "UserLineToOrigin-v0";

    private double position;

    public LineToOrigin(EnvOptions? options)
        : base(EnvId, BoxSpace.Uniform(1, double.NegativeInfinity, double.PositiveInfinity), BoxSpace.Uniform(1, -1, 1), stateSize: 1)
        => (options ?? EnvOptions.None).EnsureAllUsed(EnvId);

    /// <summary>Registers the env once per process (tests in any order may ask).</summary>
    public static void EnsureRegistered()
    {
        lock (typeof(LineToOrigin))
        {
            if (!Envs.Envs.Registered.Any(r => r.Id == EnvId))
            {
                Envs.Envs.Register(new EnvRegistration(EnvId, 20, "Drive a point on a line to the origin (test env)."), options => new LineToOrigin(options));
            }
        }
    }

    public override void GetState(Span<double> state) => state[0] = position;

    protected override void ResetCore(Span<double> observation)
    {
        position = Random.Uniform(-1, 1);
        observation[0] = position;
    }

    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        double reward = -(position * position);
        position += 0.1 * Math.Clamp(action[0], -1, 1);
        observation[0] = position;
        return new StepResult(reward, Terminated: false, Truncated: false);
    }

    protected override void SetStateCore(ReadOnlySpan<double> state) => position = state[0];
}
