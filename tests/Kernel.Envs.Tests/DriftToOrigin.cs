namespace Kernel.Envs.Tests;

/// <summary>
/// A user-defined env written the way a host would write one, only from the public and protected members of
/// <see cref="EnvBase"/>: a point on a line moves by step * action (action in [-1, 1]) and pays its squared distance
/// from the origin; reset draws it uniformly in [-1, 1). Option: step (default 0.1).
/// </summary>
internal sealed class DriftToOrigin : EnvBase
{
    private double position;

    public DriftToOrigin(string id, EnvOptions? options)
        : base(id, BoxSpace.Uniform(1, double.NegativeInfinity, double.PositiveInfinity), BoxSpace.Uniform(1, -1, 1), stateSize: 1)
        => StepLength = (options ?? EnvOptions.None).GetDouble("step", 0.1);

    public double StepLength { get; }

    public override void GetState(Span<double> state) => state[0] = position;

    protected override void ResetCore(Span<double> observation)
    {
        position = Random.Uniform(-1, 1);
        observation[0] = position;
    }

    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        double reward = -(position * position);
        position += StepLength * Math.Clamp(action[0], -1, 1);
        observation[0] = position;
        return new StepResult(reward, Terminated: false, Truncated: false);
    }

    protected override void SetStateCore(ReadOnlySpan<double> state) => position = state[0];
}
