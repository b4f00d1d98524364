using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Gymnasium's Ant-v4 (ant_v4.py, assets/ant.xml at commit 3f0476a8): make a four-legged robot walk forward.
/// Model: <see cref="AntModel"/> (free joint + 8 hinges: nq = 15, nv = 14, nu = 8, RK4 at 0.01 s), frame skip 5,
/// dt = 0.05. Actions are in motor order hip_4, ankle_4, hip_1, ankle_1, hip_2, ankle_2, hip_3, ankle_3, which is
/// not the qpos order (hip_1, ankle_1, ..., qpos[7:15]).
/// <para>
/// Observation (27): qpos[2:15] (torso height, quaternion w x y z, 8 hinge angles) then qvel (14), not clipped; 29
/// with the x and y position included; with use_contact_forces, clip(cfrc_ext, contact_force_range) of all 14
/// bodies (world row included, always 0) follows: 111. Reward: x-velocity + healthy_reward - ctrl_cost_weight x Σ
/// a² of the raw action (the physics sees the action clamped to [-1, 1]) - (with contact forces)
/// contact_cost_weight x Σ clip(cfrc_ext)². The x-velocity is the finite difference over dt of the torso body's
/// xpos read right after the step, which mj_step leaves at the last Runge-Kutta stage rather than at the new qpos
/// (v4 reads it stale, and so do we; v5 changed this). The healthy reward is paid when healthy or when
/// terminate_when_unhealthy, so by default also on the terminating step. Healthy: qpos and qvel all finite and
/// 0.2 &lt;= qpos[2] &lt;= 1.0 (inclusive, unlike the other tasks). Reset: uniform(-0.1, 0.1) added to all 15 qpos
/// (the quaternion too; Gymnasium does not renormalise it, but libmujoco 2.2.2's mj_forward normalises qpos
/// quaternions in place, so the first observation carries the unit quaternion along the noised one), then
/// 0.1 x N(0, 1) to qvel. Every ankle starts at 0, outside its joint range.
/// </para>
/// Registered with a 1000-step limit. Thread-safety: one thread at a time.
/// </summary>
public sealed class Ant : MuJoCoEnv
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "Ant-v4";

    /// <summary>mj_step calls per env step (ant_v4.py passes 5).</summary>
    public const int DefaultFrameSkip = 5;

    private readonly AntSettings settings;
    private readonly int torso;
    private readonly double[] contactForces;

    /// <summary>Creates the env from registry options (see <see cref="AntSettings.FromOptions"/>).</summary>
    public Ant(EnvOptions? options = null)
        : this(EnvSettings.Read<AntSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied model (v4's xml_file argument).</summary>
    public Ant(AntSettings settings, AntModel? model = null)
        : this(EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? AntModel.Default).ToMjcf()))
    {
    }

    private Ant(AntSettings settings, MuJoCoModel model)
        : base(EnvId, model, DefaultFrameSkip, ObservationSize(model, settings))
    {
        this.settings = settings;
        torso = model.RequireId(MjObjectType.Body, "torso");
        contactForces = new double[6 * model.BodyCount];
    }

    /// <summary>The reward and termination settings.</summary>
    public AntSettings Settings => settings;

    /// <summary>The terms of the last step's reward.</summary>
    public AntStepInfo LastStepInfo { get; private set; }

    /// <summary>Whether the current state is healthy (Gymnasium's is_healthy): qpos and qvel finite, torso height in the closed interval.</summary>
    public bool IsHealthy
    {
        get
        {
            foreach (double q in Data.Qpos)
            {
                if (!double.IsFinite(q))
                {
                    return false;
                }
            }

            foreach (double v in Data.Qvel)
            {
                if (!double.IsFinite(v))
                {
                    return false;
                }
            }

            double z = Data.Qpos[2];
            return settings.HealthyZRange.Low <= z && z <= settings.HealthyZRange.High;
        }
    }

    /// <summary>The observation length for these settings: (nq - 2 or nq) + nv, plus 6 per body with contact forces.</summary>
    public static int ObservationSize(MuJoCoModel model, AntSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        int positions = settings.ExcludeCurrentPositionsFromObservation ? model.Nq - 2 : model.Nq;
        return positions + model.Nv + (settings.UseContactForces ? 6 * model.BodyCount : 0);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        // Gymnasium's get_body_com("torso") is data.body("torso").xpos: read as mj_step leaves it (stale).
        double xBefore = Data.Xpos[3 * torso];
        double yBefore = Data.Xpos[(3 * torso) + 1];
        DoSimulation(action);
        double xAfter = Data.Xpos[3 * torso];
        double yAfter = Data.Xpos[(3 * torso) + 1];
        double xVelocity = (xAfter - xBefore) / Dt;
        double yVelocity = (yAfter - yBefore) / Dt;

        bool healthy = IsHealthy;
        double healthyReward = healthy || settings.TerminateWhenUnhealthy ? settings.HealthyReward : 0;
        double rewards = xVelocity + healthyReward;
        double controlCost = settings.CtrlCostWeight * SumOfSquares(action);
        double costs = controlCost;
        double contactCost = 0;
        if (settings.UseContactForces)
        {
            ClipContactForces();
            contactCost = settings.ContactCostWeight * SumOfSquares(contactForces);
            costs += contactCost;
        }

        WriteObservation(observation);
        LastStepInfo = new AntStepInfo(xAfter, yAfter, xVelocity, yVelocity, healthyReward, controlCost, contactCost, healthy);
        return new StepResult(rewards - costs, settings.TerminateWhenUnhealthy && !healthy, false);
    }

    /// <inheritdoc />
    protected override void AddResetNoise(Span<double> qpos, Span<double> qvel)
    {
        AddUniformNoise(qpos, -settings.ResetNoiseScale, settings.ResetNoiseScale);
        AddNormalNoise(qvel, settings.ResetNoiseScale);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<double> observation)
    {
        ReadOnlySpan<double> qpos = Data.Qpos;
        ReadOnlySpan<double> position = settings.ExcludeCurrentPositionsFromObservation ? qpos[2..] : qpos;
        position.CopyTo(observation);
        Data.Qvel.CopyTo(observation[position.Length..]);
        if (settings.UseContactForces)
        {
            ClipContactForces();
            contactForces.CopyTo(observation[(position.Length + Model.Nv)..]);
        }
    }

    /// <summary>contactForces = clip(cfrc_ext, contact_force_range), row-major over bodies.</summary>
    private void ClipContactForces()
    {
        ReadOnlySpan<double> raw = Data.CfrcExt;
        (double low, double high) = settings.ContactForceRange;
        for (int i = 0; i < contactForces.Length; i++)
        {
            contactForces[i] = Math.Clamp(raw[i], low, high);
        }
    }
}
