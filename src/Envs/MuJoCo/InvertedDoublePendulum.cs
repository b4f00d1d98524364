using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Gymnasium's InvertedDoublePendulum-v4 (inverted_double_pendulum_v4.py, assets/inverted_double_pendulum.xml at
/// commit 3f0476a8): balance two stacked poles on a cart. Model: <see cref="InvertedDoublePendulumModel"/>
/// (nq = nv = 3, nu = 1, RK4 at 0.01 s), frame skip 5 (not the asset's custom numeric 2), dt = 0.05.
/// <para>
/// Observation (11): qpos[0], sin(qpos[1]), sin(qpos[2]), cos(qpos[1]), cos(qpos[2]), clip(qvel, -10, 10),
/// clip(qfrc_constraint, -10, 10). Reward: 10 - (0.01 x_tip² + (z_tip - 2)²) - (1e-3 qvel[1]² + 5e-3 qvel[2]²),
/// with (x_tip, z_tip) read from site_xpos as mj_step left it: v4 does not recompute kinematics, so the tip lags
/// the new qpos (the pose of the last RK4 stage). Squares are the C library's pow(x, 2), as NumPy's float64 scalar
/// power. Terminated when z_tip &lt;= 1 (inclusive, same stale tip). Reset: uniform(-0.1, 0.1) added to qpos, then
/// 0.1 x N(0, 1) to qvel.
/// </para>
/// Registered with a 1000-step limit. Thread-safety: one thread at a time.
/// </summary>
public sealed class InvertedDoublePendulum : MuJoCoEnv
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "InvertedDoublePendulum-v4";

    /// <summary>mj_step calls per env step (inverted_double_pendulum_v4.py passes 5).</summary>
    public const int DefaultFrameSkip = 5;

    /// <summary>Velocities and constraint forces in the observation are clipped to ±10.</summary>
    public const double ObservationClip = 10;

    private readonly InvertedDoublePendulumSettings settings;
    private readonly int tipSite;

    /// <summary>Creates the env from registry options (see <see cref="InvertedDoublePendulumSettings.FromOptions"/>).</summary>
    public InvertedDoublePendulum(EnvOptions? options = null)
        : this(EnvSettings.Read<InvertedDoublePendulumSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied model.</summary>
    public InvertedDoublePendulum(InvertedDoublePendulumSettings settings, InvertedDoublePendulumModel? model = null)
        : this(EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? InvertedDoublePendulumModel.Default).ToMjcf()))
    {
    }

    private InvertedDoublePendulum(InvertedDoublePendulumSettings settings, MuJoCoModel model)
        : base(EnvId, model, DefaultFrameSkip, 1 + (2 * (model.Nq - 1)) + (2 * model.Nv))
    {
        this.settings = settings;
        tipSite = model.RequireId(MjObjectType.Site, "tip");
    }

    /// <summary>The reward and reset settings.</summary>
    public InvertedDoublePendulumSettings Settings => settings;

    /// <summary>The terms of the last step's reward.</summary>
    public InvertedDoublePendulumStepInfo LastStepInfo { get; private set; }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        DoSimulation(action);
        WriteObservation(observation);

        // site_xpos as mj_step left it: deliberately no mj_kinematics/mj_forward first (v4 reads it stale).
        ReadOnlySpan<double> tip = Data.SiteXpos.Slice(3 * tipSite, 3);
        double x = tip[0];
        double z = tip[2];
        ReadOnlySpan<double> qvel = Data.Qvel;
        double distancePenalty = (settings.DistancePenaltyXWeight * Math.Pow(x, 2)) + Math.Pow(z - settings.TargetHeight, 2);
        double velocityPenalty = (settings.VelocityPenaltyWeight1 * Math.Pow(qvel[1], 2)) + (settings.VelocityPenaltyWeight2 * Math.Pow(qvel[2], 2));
        double reward = settings.HealthyReward - distancePenalty - velocityPenalty;
        LastStepInfo = new InvertedDoublePendulumStepInfo(x, z, distancePenalty, velocityPenalty, settings.HealthyReward);
        return new StepResult(reward, z <= settings.MinTipHeight, false);
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
        ReadOnlySpan<double> qvel = Data.Qvel;
        ReadOnlySpan<double> constraint = Data.QfrcConstraint;
        int angles = qpos.Length - 1;
        observation[0] = qpos[0];
        for (int i = 0; i < angles; i++)
        {
            observation[1 + i] = Math.Sin(qpos[1 + i]);
            observation[1 + angles + i] = Math.Cos(qpos[1 + i]);
        }

        int offset = 1 + (2 * angles);
        for (int i = 0; i < qvel.Length; i++)
        {
            observation[offset + i] = Math.Clamp(qvel[i], -ObservationClip, ObservationClip);
            observation[offset + qvel.Length + i] = Math.Clamp(constraint[i], -ObservationClip, ObservationClip);
        }
    }
}
