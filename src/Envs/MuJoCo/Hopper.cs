using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Gymnasium's Hopper-v4 (hopper_v4.py, assets/hopper.xml at commit 3f0476a8): make a one-legged planar robot hop
/// forward. Model: <see cref="HopperModel"/> (nq = nv = 6, nu = 3, RK4 at 0.002 s), frame skip 4, dt = 0.008.
/// <para>
/// Observation (11): qpos[1:6] (torso height, torso angle, thigh, leg, foot) then clip(qvel, -10, 10); 12 with
/// the x position included. Reward: forward_reward_weight x x-velocity (finite difference of qpos[0] over dt) +
/// healthy_reward - ctrl_cost_weight x Σ a² of the raw action (the physics sees the action clamped to [-1, 1]).
/// The healthy reward is paid when healthy or when terminate_when_unhealthy, so by default also on the
/// terminating step. Healthy: every element of qpos[2:] and qvel in (-100, 100), qpos[1] in (0.7, inf), qpos[2]
/// in (-0.2, 0.2), all strict. Reset: uniform(-0.005, 0.005) added to qpos, then to qvel.
/// </para>
/// Registered with a 1000-step limit. Thread-safety: one thread at a time.
/// </summary>
public sealed class Hopper : MuJoCoEnv
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "Hopper-v4";

    /// <summary>mj_step calls per env step (hopper_v4.py passes 4).</summary>
    public const int DefaultFrameSkip = 4;

    /// <summary>Velocities in the observation are clipped to ±10 (hopper_v4.py _get_obs).</summary>
    public const double VelocityClip = 10;

    private readonly HopperSettings settings;

    /// <summary>Creates the env from registry options (see <see cref="HopperSettings.FromOptions"/>).</summary>
    public Hopper(EnvOptions? options = null)
        : this(EnvSettings.Read<HopperSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied model.</summary>
    public Hopper(HopperSettings settings, HopperModel? model = null)
        : this(EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? HopperModel.Default).ToMjcf()))
    {
    }

    private Hopper(HopperSettings settings, MuJoCoModel model)
        : base(EnvId, model, DefaultFrameSkip, PlanarObservation.Size(model.Nq, model.Nv, settings.ExcludeCurrentPositionsFromObservation))
    {
        this.settings = settings;
    }

    /// <summary>The reward and termination settings.</summary>
    public HopperSettings Settings => settings;

    /// <summary>The terms of the last step's reward.</summary>
    public HopperStepInfo LastStepInfo { get; private set; }

    /// <summary>Whether the current state is healthy (Gymnasium's is_healthy).</summary>
    public bool IsHealthy
    {
        get
        {
            ReadOnlySpan<double> qpos = Data.Qpos;
            ReadOnlySpan<double> qvel = Data.Qvel;
            (double minState, double maxState) = settings.HealthyStateRange;
            for (int i = 2; i < qpos.Length; i++)
            {
                if (!(minState < qpos[i] && qpos[i] < maxState))
                {
                    return false;
                }
            }

            foreach (double v in qvel)
            {
                if (!(minState < v && v < maxState))
                {
                    return false;
                }
            }

            double z = qpos[1];
            double angle = qpos[2];
            return settings.HealthyZRange.Low < z && z < settings.HealthyZRange.High
                && settings.HealthyAngleRange.Low < angle && angle < settings.HealthyAngleRange.High;
        }
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        double xVelocity = SimulateForward(action, out double xAfter);

        double controlCost = settings.CtrlCostWeight * SumOfSquares(action);
        double forwardReward = settings.ForwardRewardWeight * xVelocity;
        bool healthy = IsHealthy;
        double healthyReward = healthy || settings.TerminateWhenUnhealthy ? settings.HealthyReward : 0;
        double reward = (forwardReward + healthyReward) - controlCost;
        WriteObservation(observation);
        LastStepInfo = new HopperStepInfo(xAfter, xVelocity, forwardReward, healthyReward, controlCost, healthy);
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
        => PlanarObservation.Write(Data.Qpos, Data.Qvel, settings.ExcludeCurrentPositionsFromObservation, VelocityClip, observation);
}
