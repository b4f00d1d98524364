using System.Globalization;
using static Kernel.Envs.ClassicControl.NumPyScalar;

namespace Kernel.Envs.ClassicControl;

/// <summary>
/// Gymnasium's Acrobot-v1 (gymnasium/envs/classic_control/acrobot.py, commit 3f0476a8), number for number: swing
/// the tip of a two-link arm, hanging from a fixed joint and actuated only at the elbow, above the line one link
/// length above the pivot, with torques -1, 0 or +1 on the elbow (actions 0, 1, 2).
/// <para>
/// State (Gymnasium's <c>env.unwrapped.state</c>): (theta1, theta2, dtheta1, dtheta2); theta1 = 0 is the first link
/// hanging down, theta2 is the second link's angle relative to the first. Observation (float32, widened to double):
/// (cos theta1, sin theta1, cos theta2, sin theta2, dtheta1, dtheta2). Dynamics: Sutton and Barto's equations
/// (book_or_nips = "book", the default) or the NIPS 1995 paper's, which drop the
/// m2 l1 lc2 dtheta1^2 sin(theta2) term from the elbow's acceleration; integrated by Gymnasium's own rk4 over the
/// sample times [0, dt] (one classical Runge-Kutta step of dt = 0.2 with the torque held fixed). Then both angles
/// are wrapped into [-pi, pi] by repeated +-2 pi (Gymnasium's wrap, not a modulo) and the velocities clipped to
/// +-4 pi and +-9 pi (Gymnasium's bound). Terminated when -cos(theta1) - cos(theta2 + theta1) &gt; 1.0 after the
/// step; reward -1.0 per step and 0.0 on the terminating step.
/// </para>
/// <para>
/// dtype details mirrored from Gymnasium with NumPy 2: reset draws the state as float64 and stores it
/// <c>.astype(np.float32)</c>, so every reset coordinate is a float32 value. The torque is a Python float (-1.0,
/// 0.0) or int (+1), and <c>np.append(state, torque)</c> turns the state plus torque into a float64 array, so the
/// integration and every later state are float64. <c>x**2</c> on a NumPy float64 scalar is the C library's
/// <c>pow(x, 2.0)</c> (NumPy's scalar power), which is not always the rounded <c>x * x</c>, so it is mirrored with
/// <see cref="Math.Pow"/>. Only the observation right after a reset takes cos and sin of float32 scalars, which
/// NumPy evaluates in float32; here they are the correctly rounded float32 values, which NumPy's float32 kernels
/// can miss by one float32 ulp. cos and sin of float64 are the C library's; NumPy builds that vectorize float64
/// sin and cos (e.g. NumPy 1.24 with SVML on AVX-512) differ from it in the last bit for most arguments, and the
/// trajectories then part after some steps. Against Gymnasium run with the C library's float64 cos and sin, steps
/// and 500-step rollouts agree bit for bit.
/// </para>
/// Reset: every coordinate ~ U[-0.1, 0.1), rounded to float32. Options: book_or_nips (book or nips, default book)
/// and torque_noise_max (default 0.0; when positive, each step adds U[-torque_noise_max, torque_noise_max) drawn
/// from the env's random stream to the torque, as Gymnasium does). Gymnasium's steps after termination never run
/// here because <see cref="EnvBase"/> forbids them.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class Acrobot : EnvBase
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "Acrobot-v1";

    /// <summary>dt = 0.2, seconds per step (acrobot.py, class attribute).</summary>
    public const double Dt = 0.2;

    /// <summary>LINK_LENGTH_1 = 1.0 m (acrobot.py, class attribute).</summary>
    public const double LinkLength1 = 1.0;

    /// <summary>LINK_LENGTH_2 = 1.0 m (acrobot.py, class attribute; used by rendering only, as in Gymnasium).</summary>
    public const double LinkLength2 = 1.0;

    /// <summary>LINK_MASS_1 = 1.0 kg (acrobot.py, class attribute).</summary>
    public const double LinkMass1 = 1.0;

    /// <summary>LINK_MASS_2 = 1.0 kg (acrobot.py, class attribute).</summary>
    public const double LinkMass2 = 1.0;

    /// <summary>LINK_COM_POS_1 = 0.5 m, the centre of mass of link 1 from the pivot (acrobot.py, class attribute).</summary>
    public const double LinkCenterOfMass1 = 0.5;

    /// <summary>LINK_COM_POS_2 = 0.5 m, the centre of mass of link 2 from the elbow (acrobot.py, class attribute).</summary>
    public const double LinkCenterOfMass2 = 0.5;

    /// <summary>LINK_MOI = 1.0, the moment of inertia of both links (acrobot.py, class attribute).</summary>
    public const double LinkMomentOfInertia = 1.0;

    /// <summary>g = 9.8 (acrobot.py, _dsdt).</summary>
    public const double Gravity = 9.8;

    /// <summary>MAX_VEL_1 = 4 * pi, the bound on dtheta1 (acrobot.py, class attribute).</summary>
    public const double MaxVelocity1 = 4 * Math.PI;

    /// <summary>MAX_VEL_2 = 9 * pi, the bound on dtheta2 (acrobot.py, class attribute).</summary>
    public const double MaxVelocity2 = 9 * Math.PI;

    /// <summary>The reset range of every coordinate, [-0.1, 0.1) (acrobot.py reset: maybe_parse_reset_bounds(options, -0.1, 0.1)).</summary>
    public const double ResetHigh = 0.1;

    /// <summary>torque_noise_max = 0.0 (acrobot.py, class attribute): the default of the torque_noise_max option.</summary>
    public const double DefaultTorqueNoiseMax = 0.0;

    private static readonly double[] AvailableTorqueValues = [-1.0, 0.0, +1];

    private readonly double[] state = new double[4];
    private readonly bool nips;

    /// <summary>
    /// Creates the env. Options: book_or_nips (book or nips, default book, Gymnasium's <c>book_or_nips</c> attribute)
    /// and torque_noise_max (a number &gt;= 0, default 0.0, Gymnasium's <c>torque_noise_max</c> attribute).
    /// </summary>
    /// <exception cref="ArgumentException">An option is unknown, book_or_nips is neither book nor nips, or torque_noise_max is not a finite number &gt;= 0.</exception>
    public Acrobot(EnvOptions? options = null)
        : base(
            EnvId,
            // high = [1, 1, 1, 1, MAX_VEL_1, MAX_VEL_2] as float32, low = -high (acrobot.py __init__).
            new BoxSpace(
                [-1.0, -1.0, -1.0, -1.0, -F32(MaxVelocity1), -F32(MaxVelocity2)],
                [1.0, 1.0, 1.0, 1.0, F32(MaxVelocity1), F32(MaxVelocity2)]),
            new DiscreteSpace(AvailableTorqueValues.Length),
            4)
    {
        options ??= EnvOptions.None;
        BookOrNips = options.GetChoice("book_or_nips", "book", "book", "nips");
        TorqueNoiseMax = options.GetDouble("torque_noise_max", DefaultTorqueNoiseMax);
        if (!(TorqueNoiseMax >= 0))
        {
            throw new ArgumentException(
                $"{EnvId}: option torque_noise_max = {TorqueNoiseMax.ToString(CultureInfo.InvariantCulture)}: expected a number >= 0 (the half-width of the uniform torque noise).",
                "torque_noise_max");
        }

        options.EnsureAllUsed(EnvId);
        nips = BookOrNips == "nips";
    }

    /// <summary>AVAIL_TORQUE = [-1.0, 0.0, +1] (acrobot.py, class attribute): the elbow torque of each action.</summary>
    public static ReadOnlySpan<double> AvailableTorques => AvailableTorqueValues;

    /// <summary>Which equations drive the arm: "book" (Sutton and Barto, the default) or "nips" (the 1995 paper).</summary>
    public string BookOrNips { get; }

    /// <summary>The half-width of the uniform noise added to the torque each step; 0 (the default) adds none and draws nothing.</summary>
    public double TorqueNoiseMax { get; }

    /// <inheritdoc />
    public override void GetState(Span<double> state) => this.state.CopyTo(state);

    /// <inheritdoc />
    protected override void SetStateCore(ReadOnlySpan<double> state) => state.CopyTo(this.state);

    /// <inheritdoc />
    protected override void ResetCore(Span<double> observation)
    {
        // self.np_random.uniform(low=-0.1, high=0.1, size=(4,)).astype(np.float32)
        for (int i = 0; i < 4; i++)
        {
            state[i] = F32(Random.Uniform(-ResetHigh, ResetHigh));
        }

        WriteObservation(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        // torque = self.AVAIL_TORQUE[a]; drawn noise only when torque_noise_max > 0, so no draw is spent otherwise.
        double torque = AvailableTorqueValues[(int)action[0]];
        if (TorqueNoiseMax > 0)
        {
            torque += Random.Uniform(-TorqueNoiseMax, TorqueNoiseMax);
        }

        Span<double> next = stackalloc double[4];
        RungeKutta4(torque, next);

        // ns[0] = wrap(ns[0], -pi, pi); ns[1] = wrap(ns[1], -pi, pi);
        // ns[2] = bound(ns[2], -MAX_VEL_1, MAX_VEL_1); ns[3] = bound(ns[3], -MAX_VEL_2, MAX_VEL_2)
        state[0] = Wrap(next[0], -Math.PI, Math.PI);
        state[1] = Wrap(next[1], -Math.PI, Math.PI);
        state[2] = Bound(next[2], -MaxVelocity1, MaxVelocity1);
        state[3] = Bound(next[3], -MaxVelocity2, MaxVelocity2);

        // _terminal: bool(-cos(s[0]) - cos(s[1] + s[0]) > 1.0)
        bool terminated = -Math.Cos(state[0]) - Math.Cos(state[1] + state[0]) > 1.0;
        WriteObservation(observation);
        return new StepResult(terminated ? 0.0 : -1.0, terminated, false);
    }

    /// <summary>
    /// Gymnasium's wrap(x, m, M): adds or subtracts M - m until m &lt;= x &lt;= M. Repeated subtraction rounds
    /// differently from a floored modulo, so it is kept as a loop.
    /// </summary>
    private static double Wrap(double x, double low, double high)
    {
        double diff = high - low;
        while (x > high)
        {
            x -= diff;
        }

        while (x < low)
        {
            x += diff;
        }

        return x;
    }

    /// <summary>Gymnasium's bound(x, m, M) = min(max(x, m), M).</summary>
    private static double Bound(double x, double low, double high) => Math.Min(Math.Max(x, low), high);

    /// <summary>
    /// Gymnasium's rk4(derivs, y0, [0, dt]) on the state augmented with the torque: one step with
    /// h = t[1] - t[0] = 0.2 - 0 and h / 2.0, k2 and k3 from y0 + (h / 2) k, k4 from y0 + h k3, and
    /// y1 = y0 + h / 6.0 * (k1 + 2 k2 + 2 k3 + k4) with the sum taken left to right. The torque's own derivative
    /// is 0.0, so its slot stays the torque and is kept out of the arrays.
    /// </summary>
    private void RungeKutta4(double torque, Span<double> next)
    {
        const double h = Dt - 0;
        const double halfH = h / 2.0;
        Span<double> k1 = stackalloc double[4];
        Span<double> k2 = stackalloc double[4];
        Span<double> k3 = stackalloc double[4];
        Span<double> k4 = stackalloc double[4];
        Span<double> stage = stackalloc double[4];

        Derivative(state, torque, k1);
        for (int i = 0; i < 4; i++)
        {
            stage[i] = state[i] + (halfH * k1[i]);
        }

        Derivative(stage, torque, k2);
        for (int i = 0; i < 4; i++)
        {
            stage[i] = state[i] + (halfH * k2[i]);
        }

        Derivative(stage, torque, k3);
        for (int i = 0; i < 4; i++)
        {
            stage[i] = state[i] + (h * k3[i]);
        }

        Derivative(stage, torque, k4);
        for (int i = 0; i < 4; i++)
        {
            next[i] = state[i] + (h / 6.0 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]));
        }
    }

    /// <summary>
    /// Gymnasium's _dsdt: the joint velocities and accelerations, with the same operations in the same order
    /// (Python evaluates left to right; products of the constants are exact, so folding them changes nothing).
    /// </summary>
    private void Derivative(ReadOnlySpan<double> s, double torque, Span<double> ds)
    {
        const double m1 = LinkMass1;
        const double m2 = LinkMass2;
        const double l1 = LinkLength1;
        const double lc1 = LinkCenterOfMass1;
        const double lc2 = LinkCenterOfMass2;
        const double i1 = LinkMomentOfInertia;
        const double i2 = LinkMomentOfInertia;
        const double g = Gravity;

        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double cosTheta2 = Math.Cos(theta2);
        double sinTheta2 = Math.Sin(theta2);

        // d1 = m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * cos(theta2)) + I1 + I2
        double d1 = (m1 * (lc1 * lc1)) + (m2 * ((l1 * l1) + (lc2 * lc2) + (2 * l1 * lc2 * cosTheta2))) + i1 + i2;

        // d2 = m2 * (lc2**2 + l1 * lc2 * cos(theta2)) + I2
        double d2 = (m2 * ((lc2 * lc2) + (l1 * lc2 * cosTheta2))) + i2;

        // phi2 = m2 * lc2 * g * cos(theta1 + theta2 - pi / 2.0)
        double phi2 = m2 * lc2 * g * Math.Cos(theta1 + theta2 - (Math.PI / 2.0));

        // phi1 = -m2 * l1 * lc2 * dtheta2**2 * sin(theta2) - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin(theta2)
        //        + (m1 * lc1 + m2 * l1) * g * cos(theta1 - pi / 2) + phi2
        double phi1 = (-m2 * l1 * lc2 * Math.Pow(dtheta2, 2) * sinTheta2)
            - (2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sinTheta2)
            + (((m1 * lc1) + (m2 * l1)) * g * Math.Cos(theta1 - (Math.PI / 2)))
            + phi2;

        // denominator of both variants: m2 * lc2**2 + I2 - d2**2 / d1
        double denominator = (m2 * (lc2 * lc2)) + i2 - (Math.Pow(d2, 2) / d1);

        // nips: (a + d2 / d1 * phi1 - phi2) / (...)
        // book: (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1**2 * sin(theta2) - phi2) / (...)
        double ddtheta2 = nips
            ? (torque + (d2 / d1 * phi1) - phi2) / denominator
            : (torque + (d2 / d1 * phi1) - (m2 * l1 * lc2 * Math.Pow(dtheta1, 2) * sinTheta2) - phi2) / denominator;

        // ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        double ddtheta1 = -((d2 * ddtheta2) + phi1) / d1;

        ds[0] = dtheta1;
        ds[1] = dtheta2;
        ds[2] = ddtheta1;
        ds[3] = ddtheta2;
    }

    private void WriteObservation(Span<double> observation)
    {
        // np.array([cos(s[0]), sin(s[0]), cos(s[1]), sin(s[1]), s[2], s[3]], dtype=np.float32)
        observation[0] = F32(Math.Cos(state[0]));
        observation[1] = F32(Math.Sin(state[0]));
        observation[2] = F32(Math.Cos(state[1]));
        observation[3] = F32(Math.Sin(state[1]));
        observation[4] = F32(state[2]);
        observation[5] = F32(state[3]);
    }
}
