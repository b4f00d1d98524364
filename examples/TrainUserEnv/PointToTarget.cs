using Kernel.Envs;

/// <summary>
/// A user-defined continuous env: steer a point in the plane to a target. Observation (x, y, target x, target y);
/// action (vx, vy) in [-1, 1]^2, clipped, moving the point by dt * (vx, vy); reward -|point - target| after the move,
/// so a step toward the target pays better. Reset draws point and target uniformly in [-1, 1)^2. No termination: the
/// registered time limit truncates each episode. Only the public and protected members of <see cref="EnvBase"/> are
/// used; EnvBase checks action sizes, finiteness and Reset-before-Step and applies the time limit.
/// </summary>
internal sealed class PointToTarget : EnvBase
{
    public const string EnvId = "PointToTarget-v0";
    public const int Horizon = 50;
    private const double Dt = 0.1;

    // x, y, target x, target y: the whole state, which is also the observation.
    private readonly double[] state = new double[4];

    public PointToTarget(EnvOptions? options)
        : base(EnvId, BoxSpace.Uniform(4, double.NegativeInfinity, double.PositiveInfinity), BoxSpace.Uniform(2, -1, 1), stateSize: 4)
        => (options ?? EnvOptions.None).EnsureAllUsed(EnvId);

    public override void GetState(Span<double> destination) => state.CopyTo(destination);

    protected override void ResetCore(Span<double> observation)
    {
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = Random.Uniform(-1, 1);
        }

        state.CopyTo(observation);
    }

    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        state[0] += Dt * Math.Clamp(action[0], -1, 1);
        state[1] += Dt * Math.Clamp(action[1], -1, 1);
        double distance = Math.Sqrt(((state[0] - state[2]) * (state[0] - state[2])) + ((state[1] - state[3]) * (state[1] - state[3])));
        state.CopyTo(observation);
        return new StepResult(-distance, Terminated: false, Truncated: false);
    }

    protected override void SetStateCore(ReadOnlySpan<double> newState) => newState.CopyTo(state);
}
