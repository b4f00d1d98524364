namespace Kernel.Envs.Control;

/// <summary>
/// The double pendulum of the seed paper's appendix F.2 (after Chang et al. 2019 and Tedrake's acrobot),
/// fully actuated: M(q) q'' + C(q, q') q' = tau(q) + B u with q = (theta1, theta2), B = I and, as printed,
/// <code>
/// M = [[I1 + I2 + m2 l1^2 + 2 m2 l1 lc2 cos(theta2),  I2 + m2 l1 lc2 cos(theta2)],
///      [I2 + m2 l1 lc2 cos(theta2),                   I2                        ]]
/// C = [[-2 m2 l1 lc2 sin(theta2) theta2',  -m2 l1 lc2 sin(theta2) theta2'],
///      [   m2 l1 lc2 sin(theta2) theta1',   0                            ]]
/// tau = [-m1 g lc1 sin(theta1) - m2 g (l1 sin(theta1) + lc2 sin(theta1 + theta2)),
///        -m2 g lc2 sin(theta1 + theta2)]
/// </code>
/// (theta2 is relative to link 1; with this tau, theta = 0 is the gravitational equilibrium the paper calls the origin).
/// State and observation (theta1, theta2, theta1', theta2'); action space [-u_max, u_max]^2 (u_max = 10); actions outside are
/// accepted and saturated (clipped) before use; step dt = 0.01 with RK4 by default (explicit Euler selectable).
/// Reward = -(5 (theta1^2 + theta2^2) + 0.5 (theta1'^2 + theta2'^2) + 0.00005 |u|^2): the negative of the
/// paper's cost, evaluated at the state before the step and the saturated u. No termination; the registry
/// applies the horizon of 1000 steps (Table 1). Reset gives s0 = (-0.2, 0.2, 0, 0) (section 6) exactly unless
/// option init_noise &gt; 0 adds uniform noise in [-init_noise, init_noise) per coordinate (our addition).
/// Options (defaults are the paper's F.2 values): I1 = 0.1, I2 = 0.1, m = 0.15 (both masses), m1, m2 (override
/// m per link), g = 9.81, l1 = 0.5, lc1 = 0.25, lc2 = 0.25 (l2 = 0.5 enters no equation and is not an option),
/// dt = 0.01, u_max = 10, integrator = rk4 | euler, init_noise = 0.
/// The dynamics, saturation and reward are <see cref="DoublePendulumModel{T}"/> in double (its float instance gives the fp32 landscapes).
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class DoublePendulum : EnvBase
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "DoublePendulum-v0";

    /// <summary>The paper's horizon (Table 1), applied by the registry as MaxEpisodeSteps.</summary>
    public const int Horizon = 1000;

    private static readonly double[] InitialStateValues = [-0.2, 0.2, 0.0, 0.0];

    private readonly double[] state = new double[4];
    private readonly DoublePendulumModel<double> model;

    /// <summary>Creates the env; see the class summary for the options.</summary>
    public DoublePendulum(EnvOptions? options = null)
        : base(EnvId, BoxSpace.Uniform(4, double.NegativeInfinity, double.PositiveInfinity), ActionBox(options ?? EnvOptions.None), 4)
    {
        options ??= EnvOptions.None;
        I1 = ControlOptions.Positive(options, EnvId, "I1", 0.1);
        I2 = ControlOptions.Positive(options, EnvId, "I2", 0.1);
        double m = ControlOptions.Positive(options, EnvId, "m", 0.15);
        M1 = ControlOptions.Positive(options, EnvId, "m1", m);
        M2 = ControlOptions.Positive(options, EnvId, "m2", m);
        G = ControlOptions.NonNegative(options, EnvId, "g", 9.81);
        L1 = ControlOptions.Positive(options, EnvId, "l1", 0.5);
        Lc1 = ControlOptions.Positive(options, EnvId, "lc1", 0.25);
        Lc2 = ControlOptions.Positive(options, EnvId, "lc2", 0.25);
        Dt = ControlOptions.Positive(options, EnvId, "dt", 0.01);
        ControlLimit = ControlOptions.Positive(options, EnvId, "u_max", 10.0);
        InitNoise = ControlOptions.NonNegative(options, EnvId, "init_noise", 0.0);
        IntegratorKind = Integrator.ReadOption(options, IntegratorKind.RungeKutta4);
        options.EnsureAllUsed(EnvId);
        model = new DoublePendulumModel<double>(this);
        InitialStateValues.CopyTo(state, 0);
    }

    /// <summary>The initial state s0 = (-0.2, 0.2, 0, 0) of section 6.</summary>
    public static ReadOnlySpan<double> InitialState => InitialStateValues;

    /// <summary>The paper's initial gain K0 (F.2), rows = (u1, u2), columns = (theta1, theta2, theta1', theta2'); a fresh copy.</summary>
    public static double[,] K0 => new[,]
    {
        { -20, -20.0854, -21.4826, -10.0516 },
        { -18.22, -19.143, -9.2905, -6.6695 },
    };

    /// <summary>Link 1 inertia I1 (F.2: 0.1).</summary>
    public double I1 { get; }

    /// <summary>Link 2 inertia I2 (F.2: 0.1).</summary>
    public double I2 { get; }

    /// <summary>Link 1 mass m1 (F.2: m = 0.15).</summary>
    public double M1 { get; }

    /// <summary>Link 2 mass m2 (F.2: m = 0.15).</summary>
    public double M2 { get; }

    /// <summary>Gravity g (F.2: 9.81).</summary>
    public double G { get; }

    /// <summary>Link 1 length l1 (F.2: 0.5).</summary>
    public double L1 { get; }

    /// <summary>Distance from joint 1 to link 1's centre of mass lc1 (F.2: 0.25).</summary>
    public double Lc1 { get; }

    /// <summary>Distance from joint 2 to link 2's centre of mass lc2 (F.2: 0.25).</summary>
    public double Lc2 { get; }

    /// <summary>Step length dt (F.2: 0.01).</summary>
    public double Dt { get; }

    /// <summary>Saturation bound: each u_i is clipped to [-u_max, u_max] (F.2: 10).</summary>
    public double ControlLimit { get; }

    /// <summary>Half-width of the uniform reset noise around s0 (0: deterministic reset).</summary>
    public double InitNoise { get; }

    /// <summary>The integration scheme (RK4 unless option integrator = euler).</summary>
    public IntegratorKind IntegratorKind { get; }

    /// <summary>
    /// The paper's K0 as a policy: <paramref name="positiveFeedback"/> true gives u = +K0 s (which stabilizes
    /// the printed dynamics from s0), false gives the paper's form u = -K0 s (which diverges).
    /// </summary>
    public static LinearController ReferenceController(bool positiveFeedback)
        => positiveFeedback ? LinearController.PositiveFeedback(K0) : new LinearController(K0);

    /// <inheritdoc />
    public override void GetState(Span<double> state) => this.state.CopyTo(state);

    private static BoxSpace ActionBox(EnvOptions options)
    {
        double limit = ControlOptions.Positive(options, EnvId, "u_max", 10.0);
        return BoxSpace.Uniform(2, -limit, limit);
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<double> observation)
    {
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = InitialStateValues[i] + (InitNoise > 0 ? Random.Uniform(-InitNoise, InitNoise) : 0.0);
        }

        state.CopyTo(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        double reward = model.Step(state, action);
        state.CopyTo(observation);
        return new StepResult(reward, false, false);
    }

    /// <inheritdoc />
    protected override void SetStateCore(ReadOnlySpan<double> state) => state.CopyTo(this.state);
}
