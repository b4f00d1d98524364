using Kernel.Envs;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>
/// A user env (registered with <see cref="Envs.Envs.Register"/>) whose dynamics break down on purpose: a point
/// drifts by the action, and the copy's <see cref="BreakAt"/>-th step since it was made (counted across episodes)
/// returns NaN as observation[1]. Registered once per process as <see cref="RegisteredId"/> (episodes of 1000 steps),
/// and as <see cref="ResetId"/>, whose first reset already returns the NaN.
/// </summary>
internal sealed class NanObservationEnv : EnvBase
{
    /// <summary>The registered id.</summary>
    public const string RegisteredId = "NanObservation-v0";

    /// <summary>The id of the variant whose first reset returns NaN as observation[1].</summary>
    public const string ResetId = "NanResetObservation-v0";

    /// <summary>The step (from 1, since the copy was made) whose observation[1] is NaN.</summary>
    public const int BreakAt = 40;

    private static readonly Lazy<bool> Registration = new(() =>
    {
        Envs.Envs.Register(new EnvRegistration(RegisteredId, 1000, "breaks down at its 40th step (tests)"), _ => new NanObservationEnv(RegisteredId));
        Envs.Envs.Register(new EnvRegistration(ResetId, 1000, "breaks down at its first reset (tests)"), _ => new NanObservationEnv(ResetId));
        return true;
    });

    private double position;
    private int taken;

    private NanObservationEnv(string id)
        : base(id, BoxSpace.Uniform(2, double.NegativeInfinity, double.PositiveInfinity), BoxSpace.Uniform(1, -1, 1), stateSize: 2)
    {
    }

    /// <summary>Registers both ids (once per process).</summary>
    public static void Register() => _ = Registration.Value;

    public override void GetState(Span<double> state)
    {
        state[0] = position;
        state[1] = taken;
    }

    protected override void ResetCore(Span<double> observation)
    {
        position = Random.Uniform(-1, 1);
        observation[0] = position;
        observation[1] = Id == ResetId ? double.NaN : 0;
    }

    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        taken++;
        position += 0.1 * Math.Clamp(action[0], -1, 1);
        observation[0] = position;
        observation[1] = taken == BreakAt ? double.NaN : 0;
        return new StepResult(-(position * position), Terminated: false, Truncated: false);
    }

    protected override void SetStateCore(ReadOnlySpan<double> state)
    {
        position = state[0];
        taken = (int)state[1];
    }
}
