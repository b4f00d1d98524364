using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Gymnasium's Walker2d-v4 (walker2d_v4.py, assets/walker2d.xml at commit 3f0476a8): make a two-legged planar robot
/// walk forward. Model: <see cref="Walker2dModel"/> (nq = nv = 9, nu = 6, RK4 at 0.002 s; left foot friction 1.9,
/// the rest 0.9), frame skip 4, dt = 0.008.
/// <para>
/// Observation (17): qpos[1:9] (torso height, torso angle, right thigh, leg, foot, left thigh, leg, foot) then
/// clip(qvel, -10, 10); 18 with the x position included. Reward: forward_reward_weight x x-velocity (finite
/// difference of qpos[0] over dt) + healthy_reward - ctrl_cost_weight x Σ a² of the raw action (the physics sees
/// the action clamped to [-1, 1]). The healthy reward is paid when healthy or when terminate_when_unhealthy, so by
/// default also on the terminating step. Healthy: qpos[1] in (0.8, 2.0) and qpos[2] in (-1, 1), both strict;
/// unlike Hopper there is no bound on the other state elements. Reset: uniform(-0.005, 0.005) added to qpos,
/// then to qvel.
/// </para>
/// Registered with a 1000-step limit. Thread-safety: one thread at a time.
/// </summary>
public sealed class Walker2d : MuJoCoEnv
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "Walker2d-v4";

    /// <summary>mj_step calls per env step (walker2d_v4.py passes 4).</summary>
    public const int DefaultFrameSkip = 4;

    /// <summary>Velocities in the observation are clipped to ±10 (walker2d_v4.py _get_obs).</summary>
    public const double VelocityClip = 10;

    private readonly Walker2dSettings settings;

    /// <summary>Creates the env from registry options (see <see cref="Walker2dSettings.FromOptions"/>).</summary>
    public Walker2d(EnvOptions? options = null)
        : this(EnvSettings.Read<Walker2dSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied model.</summary>
    public Walker2d(Walker2dSettings settings, Walker2dModel? model = null)
        : this(EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? Walker2dModel.Default).ToMjcf()))
    {
    }

    private Walker2d(Walker2dSettings settings, MuJoCoModel model)
        : base(EnvId, model, DefaultFrameSkip, PlanarObservation.Size(model.Nq, model.Nv, settings.ExcludeCurrentPositionsFromObservation))
    {
        this.settings = settings;
    }

    /// <summary>The reward and termination settings.</summary>
    public Walker2dSettings Settings => settings;

    /// <summary>The terms of the last step's reward.</summary>
    public Walker2dStepInfo LastStepInfo { get; private set; }

    /// <summary>Whether the current state is healthy (Gymnasium's is_healthy): height and angle inside their open intervals.</summary>
    public bool IsHealthy
    {
        get
        {
            double z = Data.Qpos[1];
            double angle = Data.Qpos[2];
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
        LastStepInfo = new Walker2dStepInfo(xAfter, xVelocity, forwardReward, healthyReward, controlCost, healthy);
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
