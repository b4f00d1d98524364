namespace Kernel.Envs.Control;

/// <summary>
/// The planar quadrotor of the seed paper's appendix F.3 (after Tedrake's Underactuated Robotics). State and
/// observation (x, x', y, y', theta, w) with
/// <code>
/// x'' = -(u1 + u2) sin(theta) / m,   y'' = (u1 + u2) cos(theta) / m - g,   theta' = w,   w' = (r / I) (u1 - u2)
/// </code>
/// (the paper's "y1' = x2" and "- m g" are typos for y1' = y2 and "- g"). The action (u1, u2) is the two rotor
/// thrusts; the action space is [u_min, u_max]^2 = [0, 10]^2 and actions outside are accepted and saturated
/// (clipped) before use. Step dt = 0.1 with explicit Euler by default (RK4 selectable).
/// Reward = -(x^2 + y^2 + theta^2 + 0.1 (x'^2 + y'^2 + w^2) + 0.0001 |u|^2), evaluated at the state before the
/// step and the saturated u. No termination; the registry applies the horizon of 1000 steps (Table 1).
/// Reset draws each coordinate uniformly in [-init_range, init_range) with init_range = 0.1 (our choice: the paper
/// gives no initial distribution). Options (defaults are the paper's F.3 values): m = 1, I = 0.1, r = 0.5,
/// g = 9.81, dt = 0.1, u_min = 0, u_max = 10, integrator = euler | rk4, init_range = 0.1.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class PlanarQuadrotor : EnvBase
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "PlanarQuadrotor-v0";

    /// <summary>The paper's horizon (Table 1), applied by the registry as MaxEpisodeSteps.</summary>
    public const int Horizon = 1000;

    private readonly double[] state = new double[6];
    private readonly double[] saturated = new double[2];
    private readonly Integrator<double> integrator;

    /// <summary>Creates the env; see the class summary for the options.</summary>
    public PlanarQuadrotor(EnvOptions? options = null)
        : base(EnvId, BoxSpace.Uniform(6, double.NegativeInfinity, double.PositiveInfinity), ActionBox(options ?? EnvOptions.None), 6)
    {
        options ??= EnvOptions.None;
        Mass = ControlOptions.Positive(options, EnvId, "m", 1.0);
        Inertia = ControlOptions.Positive(options, EnvId, "I", 0.1);
        ArmLength = ControlOptions.Positive(options, EnvId, "r", 0.5);
        G = ControlOptions.NonNegative(options, EnvId, "g", 9.81);
        Dt = ControlOptions.Positive(options, EnvId, "dt", 0.1);
        (ControlMin, ControlMax) = ReadControlRange(options);
        InitRange = ControlOptions.NonNegative(options, EnvId, "init_range", 0.1);
        IntegratorKind = Integrator.ReadOption(options, IntegratorKind.Euler);
        options.EnsureAllUsed(EnvId);
        integrator = new Integrator<double>(IntegratorKind, 6, Derivative);
    }

    /// <summary>The paper's LQR gain K0 (F.3), rows = (u1, u2), columns = (x, x', y, y', theta, w); a fresh copy.</summary>
    public static double[,] K0 => new[,]
    {
        { -2.2361, -3.3404, 2.2361, 2.69, 13.5092, 2.7752 },
        { 2.2361, 3.3404, 2.2361, 2.69, -13.5092, -2.7752 },
    };

    /// <summary>The paper's LQR offset b0 = (4.905, 4.905) (F.3): half the hover thrust m g each; a fresh copy.</summary>
    public static double[] B0 => [4.905, 4.905];

    /// <summary>Mass m (F.3: 1.0).</summary>
    public double Mass { get; }

    /// <summary>Moment of inertia I (F.3: 0.1).</summary>
    public double Inertia { get; }

    /// <summary>Rotor arm r (F.3: 0.5).</summary>
    public double ArmLength { get; }

    /// <summary>Gravity g (F.3: 9.81).</summary>
    public double G { get; }

    /// <summary>Step length dt (F.3: 0.1).</summary>
    public double Dt { get; }

    /// <summary>Lower saturation bound of each thrust (F.3: 0).</summary>
    public double ControlMin { get; }

    /// <summary>Upper saturation bound of each thrust (F.3: 10).</summary>
    public double ControlMax { get; }

    /// <summary>Half-width of the uniform initial-state distribution (our choice, 0.1).</summary>
    public double InitRange { get; }

    /// <summary>The integration scheme (Euler unless option integrator = rk4).</summary>
    public IntegratorKind IntegratorKind { get; }

    /// <summary>The paper's LQR policy u0 = -K0 s + b0 (F.3).</summary>
    public static LinearController LqrController() => new(K0, B0);

    /// <inheritdoc />
    public override void GetState(Span<double> state) => this.state.CopyTo(state);

    /// <summary>Writes ds/dt for the state s and the saturated thrusts u.</summary>
    internal void Derivative(ReadOnlySpan<double> s, ReadOnlySpan<double> u, Span<double> ds)
    {
        double thrust = u[0] + u[1];
        double theta = s[4];
        ds[0] = s[1];
        ds[1] = -thrust * Math.Sin(theta) / Mass;
        ds[2] = s[3];
        ds[3] = (thrust * Math.Cos(theta) / Mass) - G;
        ds[4] = s[5];
        ds[5] = ArmLength / Inertia * (u[0] - u[1]);
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<double> observation)
    {
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = InitRange > 0 ? Random.Uniform(-InitRange, InitRange) : 0.0;
        }

        state.CopyTo(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        saturated[0] = Math.Clamp(action[0], ControlMin, ControlMax);
        saturated[1] = Math.Clamp(action[1], ControlMin, ControlMax);
        double cost = (state[0] * state[0]) + (state[2] * state[2]) + (state[4] * state[4])
            + (0.1 * ((state[1] * state[1]) + (state[3] * state[3]) + (state[5] * state[5])))
            + (0.0001 * ((saturated[0] * saturated[0]) + (saturated[1] * saturated[1])));
        integrator.Advance(state, saturated, Dt);
        state.CopyTo(observation);
        return new StepResult(-cost, false, false);
    }

    /// <inheritdoc />
    protected override void SetStateCore(ReadOnlySpan<double> state) => state.CopyTo(this.state);

    private static (double Min, double Max) ReadControlRange(EnvOptions options)
    {
        double min = options.GetDouble("u_min", 0.0);
        double max = options.GetDouble("u_max", 10.0);
        if (!(min < max))
        {
            throw new ArgumentException($"{EnvId}: options u_min = {min} and u_max = {max}: expected u_min < u_max.", "u_max");
        }

        return (min, max);
    }

    private static BoxSpace ActionBox(EnvOptions options)
    {
        (double min, double max) = ReadControlRange(options);
        return BoxSpace.Uniform(2, min, max);
    }
}
