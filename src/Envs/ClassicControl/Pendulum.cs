using static Kernel.Envs.ClassicControl.NumPyScalar;

namespace Kernel.Envs.ClassicControl;

/// <summary>
/// Gymnasium's Pendulum-v1 (gymnasium/envs/classic_control/pendulum.py, commit 3f0476a8), number for number:
/// swing a frictionless pendulum up and hold it upright with a torque in [-2, 2].
/// <para>
/// State (Gymnasium's <c>env.unwrapped.state</c>, float64): (theta, theta_dot), theta = 0 upright. Observation
/// (float32, widened to double): (cos theta, sin theta, theta_dot). Action: one torque; Gymnasium's action space
/// is float32, so the action is rounded to float32 and then clipped to [-2, 2] (<c>np.clip(u, -2, 2)[0]</c>).
/// Reward: -(angle_normalize(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2), from the state before the step. Dynamics
/// (semi-implicit Euler, dt = 0.05): theta_dot' = clip(theta_dot + (3 g / (2 l) sin theta + 3 / (m l^2) u) dt, -8, 8),
/// theta' = theta + theta_dot' dt. Never terminates (the registry applies 200 steps as truncation).
/// </para>
/// <para>
/// dtype detail mirrored from Gymnasium with NumPy 2 (NEP 50): u is an np.float32 scalar, so <c>0.001 * u**2</c>
/// and <c>3.0 / (m l^2) * u</c> are computed in float32 and then added to float64 terms. The squares in the cost are
/// NumPy scalar powers, i.e. the C library's pow and powf, and are computed with them here too.
/// </para>
/// Reset: theta ~ U[-pi, pi), theta_dot ~ U[-1, 1) (Gymnasium's DEFAULT_X = pi, DEFAULT_Y = 1.0).
/// Option: g (gravity, default 10.0, Gymnasium's constructor argument).
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class Pendulum : EnvBase
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "Pendulum-v1";

    /// <summary>max_speed = 8 (pendulum.py __init__).</summary>
    public const double MaxSpeed = 8;

    /// <summary>max_torque = 2.0 (pendulum.py __init__).</summary>
    public const double MaxTorque = 2.0;

    /// <summary>dt = 0.05 (pendulum.py __init__).</summary>
    public const double Dt = 0.05;

    /// <summary>m = 1.0 (pendulum.py __init__).</summary>
    public const double Mass = 1.0;

    /// <summary>l = 1.0 (pendulum.py __init__).</summary>
    public const double Length = 1.0;

    /// <summary>The reset half-range of theta, DEFAULT_X = np.pi (pendulum.py, module level).</summary>
    public const double DefaultX = Math.PI;

    /// <summary>The reset half-range of theta_dot, DEFAULT_Y = 1.0 (pendulum.py, module level).</summary>
    public const double DefaultY = 1.0;

    private readonly double[] state = new double[2];

    /// <summary>Creates the env. Option: g (default 10.0, as Gymnasium's <c>PendulumEnv(g=10.0)</c>).</summary>
    public Pendulum(EnvOptions? options = null)
        : base(
            EnvId,
            new BoxSpace([-1.0, -1.0, -MaxSpeed], [1.0, 1.0, MaxSpeed]), // high = [1, 1, max_speed] as float32 (exact)
            BoxSpace.Uniform(1, -MaxTorque, MaxTorque),
            2)
    {
        options ??= EnvOptions.None;
        Gravity = options.GetDouble("g", 10.0); // g=10.0 (pendulum.py __init__ signature)
        options.EnsureAllUsed(EnvId);
    }

    /// <summary>The gravity g (option g; Gymnasium's default 10.0).</summary>
    public double Gravity { get; }

    /// <summary>
    /// Gymnasium's <c>angle_normalize(x) = ((x + np.pi) % (2 * np.pi)) - np.pi</c> with NumPy's floored modulo.
    /// </summary>
    public static double AngleNormalize(double x) => FlooredMod(x + Math.PI, 2 * Math.PI) - Math.PI;

    /// <inheritdoc />
    public override void GetState(Span<double> state) => this.state.CopyTo(state);

    /// <inheritdoc />
    protected override void SetStateCore(ReadOnlySpan<double> state) => state.CopyTo(this.state);

    /// <inheritdoc />
    protected override void ResetCore(Span<double> observation)
    {
        // self.np_random.uniform(low=-high, high=high) with high = [DEFAULT_X, DEFAULT_Y]: float64 state.
        state[0] = Random.Uniform(-DefaultX, DefaultX);
        state[1] = Random.Uniform(-DefaultY, DefaultY);
        WriteObservation(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        double th = state[0];
        double thdot = state[1];

        // u = np.clip(u, -max_torque, max_torque)[0] on a float32 action: float32 in, float32 out
        // (the bounds +-2.0 are exact in float32).
        double u = Math.Clamp(F32(action[0]), -MaxTorque, MaxTorque);

        // costs = angle_normalize(th) ** 2 + 0.1 * thdot**2 + 0.001 * (u**2)
        // the first two terms are float64; u**2 and 0.001 * (...) are float32 (NEP 50: 0.001 becomes float32).
        // NumPy evaluates a scalar `x ** 2` with the C library's pow (powf for float32), which is not always the
        // correctly rounded x * x (about 1 in 1000 squares differ in the last bit); PowF64 / PowF32 call the same
        // functions, so on the same C library the costs agree bit for bit.
        double an = AngleNormalize(th);
        double uSquared = PowF32(u, 2);
        double torqueCost = MulF32(F32(0.001), uSquared);
        double costs = PowF64(an, 2) + (0.1 * PowF64(thdot, 2)) + torqueCost;

        // newthdot = thdot + (3 * g / (2 * l) * np.sin(th) + 3.0 / (m * l**2) * u) * dt
        // 3.0 / (m * l**2) is a Python float; times the float32 u it is a float32 product.
        double gravityTerm = 3 * Gravity / (2 * Length) * Math.Sin(th);
        double torqueTerm = MulF32(F32(3.0 / (Mass * (Length * Length))), u);
        double newthdot = thdot + ((gravityTerm + torqueTerm) * Dt);
        newthdot = Math.Clamp(newthdot, -MaxSpeed, MaxSpeed);
        double newth = th + (newthdot * Dt);

        state[0] = newth;
        state[1] = newthdot;
        WriteObservation(observation);
        return new StepResult(-costs, false, false);
    }

    private void WriteObservation(Span<double> observation)
    {
        // np.array([np.cos(theta), np.sin(theta), thetadot], dtype=np.float32)
        observation[0] = F32(Math.Cos(state[0]));
        observation[1] = F32(Math.Sin(state[0]));
        observation[2] = F32(state[1]);
    }
}
