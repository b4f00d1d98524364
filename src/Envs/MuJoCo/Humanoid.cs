using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Gymnasium's Humanoid-v4 (humanoid_v4.py, assets/humanoid.xml at commit 3f0476a8): make a 3-D biped walk forward.
/// Model: <see cref="HumanoidModel"/> (free joint + 17 hinges: nq = 24, nv = 23, nu = 17 with ctrlrange ±0.4, RK4 at
/// 0.003 s, PGS solver), frame skip 5, dt = 0.015.
/// <para>
/// Observation (376), not clipped: qpos[2:24] (22), qvel (23), cinert (14 bodies x 10), cvel (14 x 6),
/// qfrc_actuator (23), cfrc_ext (14 x 6); 378 with the x and y position included. The world rows of cinert, cvel
/// and cfrc_ext and the free joint's 6 entries of qfrc_actuator are always 0 (v5 drops them). cinert and cvel are
/// read as mj_step leaves them (from the last Runge-Kutta stage, not the new qpos), cfrc_ext as
/// mj_rnePostConstraint computes it. Reward: forward_reward_weight x x-velocity of the mass centre +
/// healthy_reward - ctrl_cost_weight x Σ ctrl² (ctrl is the raw action; the physics clamps it to ±0.4). The mass
/// centre is Σ m_b xipos_b / Σ m_b over all bodies with xipos read stale, as v4 does. No contact cost in v4. The
/// healthy reward is paid when healthy or when terminate_when_unhealthy, so by default also on the terminating step.
/// Healthy: qpos[2] in (1.0, 2.0), strict. Reset: uniform(-0.01, 0.01) added to all 24 qpos (the quaternion too,
/// which libmujoco 2.2.2's mj_forward then normalises in place), then to all 23 qvel.
/// </para>
/// Registered with a 1000-step limit. Thread-safety: one thread at a time.
/// </summary>
public sealed class Humanoid : MuJoCoEnv
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "Humanoid-v4";

    /// <summary>mj_step calls per env step (humanoid_v4.py passes 5).</summary>
    public const int DefaultFrameSkip = 5;

    private readonly HumanoidSettings settings;

    // np.sum(model.body_mass): NumPy's pairwise order, plus the reduction's +0.0.
    private readonly double totalMass;

    /// <summary>Creates the env from registry options (see <see cref="HumanoidSettings.FromOptions"/>).</summary>
    public Humanoid(EnvOptions? options = null)
        : this(EnvSettings.Read<HumanoidSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied model.</summary>
    public Humanoid(HumanoidSettings settings, HumanoidModel? model = null)
        : this(EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? HumanoidModel.Default).ToMjcf()))
    {
    }

    private Humanoid(HumanoidSettings settings, MuJoCoModel model)
        : base(EnvId, model, DefaultFrameSkip, ObservationSize(model, settings))
    {
        this.settings = settings;
        totalMass = 0.0 + NumPySum.Pairwise(model.BodyMass);
    }

    /// <summary>The reward and termination settings.</summary>
    public HumanoidSettings Settings => settings;

    /// <summary>The terms of the last step's reward.</summary>
    public HumanoidStepInfo LastStepInfo { get; private set; }

    /// <summary>Whether the current state is healthy (Gymnasium's is_healthy): torso height in the open interval.</summary>
    public bool IsHealthy
    {
        get
        {
            double z = Data.Qpos[2];
            return settings.HealthyZRange.Low < z && z < settings.HealthyZRange.High;
        }
    }

    /// <summary>The observation length for these settings: (nq - 2 or nq) + nv + 10 nbody + 6 nbody + nv + 6 nbody.</summary>
    public static int ObservationSize(MuJoCoModel model, HumanoidSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        int positions = settings.ExcludeCurrentPositionsFromObservation ? model.Nq - 2 : model.Nq;
        return positions + model.Nv + (10 * model.BodyCount) + (6 * model.BodyCount) + model.Nv + (6 * model.BodyCount);
    }

    /// <summary>
    /// The mass centre's (x, y) from the current body_mass and xipos, as v4's mass_center: einsum("b,bj->j") adds the
    /// bodies in order, then divides by np.sum(body_mass). Reads xipos as it is (after a step: stale).
    /// </summary>
    public (double X, double Y) MassCenter()
    {
        ReadOnlySpan<double> mass = Model.BodyMass;
        ReadOnlySpan<double> xipos = Data.Xipos;
        double x = 0;
        double y = 0;
        for (int b = 0; b < mass.Length; b++)
        {
            x += mass[b] * xipos[3 * b];
            y += mass[b] * xipos[(3 * b) + 1];
        }

        return (x / totalMass, y / totalMass);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        (double xBefore, double yBefore) = MassCenter();
        DoSimulation(action);
        (double xAfter, double yAfter) = MassCenter();
        double xVelocity = (xAfter - xBefore) / Dt;
        double yVelocity = (yAfter - yBefore) / Dt;

        // v4 charges data.ctrl, which holds the raw (unclamped) action.
        double controlCost = settings.CtrlCostWeight * SumOfSquares(Data.Ctrl);
        double forwardReward = settings.ForwardRewardWeight * xVelocity;
        bool healthy = IsHealthy;
        double healthyReward = healthy || settings.TerminateWhenUnhealthy ? settings.HealthyReward : 0;
        double reward = (forwardReward + healthyReward) - controlCost;
        WriteObservation(observation);
        LastStepInfo = new HumanoidStepInfo(xAfter, yAfter, xVelocity, yVelocity, forwardReward, healthyReward, controlCost, healthy);
        return new StepResult(reward, settings.TerminateWhenUnhealthy && !healthy, false);
    }

    /// <inheritdoc />
    protected override void AddResetNoise(Span<double> qpos, Span<double> qvel)
    {
        AddUniformNoise(qpos, -settings.ResetNoiseScale, settings.ResetNoiseScale);
        AddUniformNoise(qvel, -settings.ResetNoiseScale, settings.ResetNoiseScale);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<double> observation)
    {
        ReadOnlySpan<double> qpos = Data.Qpos;
        int offset = 0;
        offset += Append(settings.ExcludeCurrentPositionsFromObservation ? qpos[2..] : qpos, observation, offset);
        offset += Append(Data.Qvel, observation, offset);
        offset += Append(Data.Cinert, observation, offset);
        offset += Append(Data.Cvel, observation, offset);
        offset += Append(Data.QfrcActuator, observation, offset);
        Append(Data.CfrcExt, observation, offset);
    }

    private static int Append(ReadOnlySpan<double> values, Span<double> observation, int offset)
    {
        values.CopyTo(observation[offset..]);
        return values.Length;
    }
}
