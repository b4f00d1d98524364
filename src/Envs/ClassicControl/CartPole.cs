using static Kernel.Envs.ClassicControl.NumPyScalar;

namespace Kernel.Envs.ClassicControl;

/// <summary>
/// Gymnasium's CartPole-v1 (gymnasium/envs/classic_control/cartpole.py, commit 3f0476a8), number for number:
/// balance a pole on a cart by pushing the cart left (action 0) or right (action 1) with a force of 10.
/// <para>
/// State (Gymnasium's <c>env.unwrapped.state</c>, a float64 array): (x, x_dot, theta, theta_dot). Observation: the
/// state as float32. Dynamics: Florian's (2007) equations with explicit Euler, tau = 0.02 (Gymnasium's default
/// kinematics_integrator "euler": positions advance with the old velocities). Terminated when |x| &gt; 2.4 or
/// |theta| &gt; 12 degrees (12 * 2 * pi / 360). Reward 1.0 every step, including the terminating one; with
/// sutton_barto_reward it is 0.0 per step and -1.0 on the terminating step. Gymnasium's steps_beyond_terminated
/// branch never runs here because <see cref="EnvBase"/> forbids stepping after termination.
/// </para>
/// Reset: every coordinate ~ U[-0.05, 0.05). Option: sutton_barto_reward (default false, Gymnasium's constructor argument).
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class CartPole : EnvBase
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "CartPole-v1";

    /// <summary>gravity = 9.8 (cartpole.py __init__).</summary>
    public const double Gravity = 9.8;

    /// <summary>masscart = 1.0 (cartpole.py __init__).</summary>
    public const double MassCart = 1.0;

    /// <summary>masspole = 0.1 (cartpole.py __init__).</summary>
    public const double MassPole = 0.1;

    /// <summary>total_mass = masspole + masscart (cartpole.py __init__).</summary>
    public const double TotalMass = MassPole + MassCart;

    /// <summary>length = 0.5, half the pole's length (cartpole.py __init__).</summary>
    public const double Length = 0.5;

    /// <summary>polemass_length = masspole * length (cartpole.py __init__).</summary>
    public const double PoleMassLength = MassPole * Length;

    /// <summary>force_mag = 10.0 (cartpole.py __init__).</summary>
    public const double ForceMag = 10.0;

    /// <summary>tau = 0.02, seconds between state updates (cartpole.py __init__).</summary>
    public const double Tau = 0.02;

    /// <summary>theta_threshold_radians = 12 * 2 * math.pi / 360 (cartpole.py __init__).</summary>
    public const double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;

    /// <summary>x_threshold = 2.4 (cartpole.py __init__).</summary>
    public const double XThreshold = 2.4;

    /// <summary>The reset range of every coordinate, [-0.05, 0.05) (cartpole.py reset defaults).</summary>
    public const double ResetHigh = 0.05;

    private readonly double[] state = new double[4];

    /// <summary>Creates the env. Option: sutton_barto_reward (default false, as Gymnasium's <c>CartPoleEnv(sutton_barto_reward=False)</c>).</summary>
    public CartPole(EnvOptions? options = null)
        : base(
            EnvId,
            // high = [x_threshold * 2, inf, theta_threshold_radians * 2, inf] as float32 (cartpole.py __init__).
            new BoxSpace(
                [F32(-XThreshold * 2), double.NegativeInfinity, F32(-ThetaThresholdRadians * 2), double.NegativeInfinity],
                [F32(XThreshold * 2), double.PositiveInfinity, F32(ThetaThresholdRadians * 2), double.PositiveInfinity]),
            new DiscreteSpace(2),
            4)
    {
        options ??= EnvOptions.None;
        SuttonBartoReward = options.GetBool("sutton_barto_reward", false);
        options.EnsureAllUsed(EnvId);
    }

    /// <summary>Whether the reward is Sutton and Barto's (0 per step, -1 on failure) instead of 1 per step.</summary>
    public bool SuttonBartoReward { get; }

    /// <inheritdoc />
    public override void GetState(Span<double> state) => this.state.CopyTo(state);

    /// <inheritdoc />
    protected override void SetStateCore(ReadOnlySpan<double> state) => state.CopyTo(this.state);

    /// <inheritdoc />
    protected override void ResetCore(Span<double> observation)
    {
        // self.state = self.np_random.uniform(low=-0.05, high=0.05, size=(4,))
        for (int i = 0; i < 4; i++)
        {
            state[i] = Random.Uniform(-ResetHigh, ResetHigh);
        }

        WriteObservation(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];

        double force = action[0] == 1 ? ForceMag : -ForceMag;
        double cosTheta = Math.Cos(theta);
        double sinTheta = Math.Sin(theta);

        // temp = (force + polemass_length * np.square(theta_dot) * sintheta) / total_mass
        double temp = (force + (PoleMassLength * (thetaDot * thetaDot) * sinTheta)) / TotalMass;

        // thetaacc = (gravity * sintheta - costheta * temp)
        //            / (length * (4.0 / 3.0 - masspole * np.square(costheta) / total_mass))
        double thetaAcc = ((Gravity * sinTheta) - (cosTheta * temp))
            / (Length * ((4.0 / 3.0) - (MassPole * (cosTheta * cosTheta) / TotalMass)));

        // xacc = temp - polemass_length * thetaacc * costheta / total_mass
        double xAcc = temp - (PoleMassLength * thetaAcc * cosTheta / TotalMass);

        // kinematics_integrator == "euler"
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;

        state[0] = x;
        state[1] = xDot;
        state[2] = theta;
        state[3] = thetaDot;

        bool terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThresholdRadians || theta > ThetaThresholdRadians;
        double reward = terminated
            ? (SuttonBartoReward ? -1.0 : 1.0)
            : (SuttonBartoReward ? 0.0 : 1.0);
        WriteObservation(observation);
        return new StepResult(reward, terminated, false);
    }

    private void WriteObservation(Span<double> observation)
    {
        // np.array(self.state, dtype=np.float32)
        for (int i = 0; i < 4; i++)
        {
            observation[i] = F32(state[i]);
        }
    }
}
