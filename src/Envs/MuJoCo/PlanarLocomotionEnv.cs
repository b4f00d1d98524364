using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// What Gymnasium's planar locomotion tasks (Hopper-v4, Walker2d-v4) share: frame skip 4, the reward
/// forward_reward_weight x x-velocity (finite difference of qpos[0] over dt) + healthy_reward - ctrl_cost_weight x Σ a²
/// of the raw action (the physics sees the action clamped to [-1, 1]), the healthy reward paid when healthy or when
/// terminate_when_unhealthy (so by default also on the terminating step), termination when unhealthy, uniform reset
/// noise added to qpos then qvel, and the observation qpos[1:] (or all of qpos) then clip(qvel, -10, 10). A task
/// supplies its model, settings and healthy check. Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="TSettings">The task's settings record.</typeparam>
public abstract class PlanarLocomotionEnv<TSettings> : MuJoCoEnv
    where TSettings : PlanarLocomotionSettings
{
    /// <summary>mj_step calls per env step (hopper_v4.py and walker2d_v4.py pass 4).</summary>
    public const int DefaultFrameSkip = 4;

    /// <summary>Velocities in the observation are clipped to ±10 (_get_obs of both tasks).</summary>
    public const double VelocityClip = 10;

    /// <summary>Wraps <paramref name="model"/> with the task's checked settings.</summary>
    protected PlanarLocomotionEnv(string id, TSettings settings, MuJoCoModel model)
        : base(id, model, DefaultFrameSkip, PlanarObservation.Size(model.Nq, model.Nv, settings.ExcludeCurrentPositionsFromObservation))
    {
        Settings = settings;
    }

    /// <summary>The reward and termination settings.</summary>
    public TSettings Settings { get; }

    /// <summary>The terms of the last step's reward.</summary>
    public PlanarStepInfo LastStepInfo { get; private set; }

    /// <summary>Whether the current state is healthy (Gymnasium's is_healthy).</summary>
    public abstract bool IsHealthy { get; }

    /// <summary>Torso height qpos[1] and angle qpos[2] inside their open intervals: the check both tasks make.</summary>
    protected bool HeightAndAngleHealthy()
    {
        double z = Data.Qpos[1];
        double angle = Data.Qpos[2];
        return Settings.HealthyZRange.Low < z && z < Settings.HealthyZRange.High
            && Settings.HealthyAngleRange.Low < angle && angle < Settings.HealthyAngleRange.High;
    }

    /// <inheritdoc />
    protected sealed override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        double xVelocity = SimulateForward(action, out double xAfter);

        double controlCost = Settings.CtrlCostWeight * SumOfSquares(action);
        double forwardReward = Settings.ForwardRewardWeight * xVelocity;
        bool healthy = IsHealthy;
        double healthyReward = healthy || Settings.TerminateWhenUnhealthy ? Settings.HealthyReward : 0;
        double reward = (forwardReward + healthyReward) - controlCost;
        WriteObservation(observation);
        LastStepInfo = new PlanarStepInfo(xAfter, xVelocity, forwardReward, healthyReward, controlCost, healthy);
        return new StepResult(reward, Settings.TerminateWhenUnhealthy && !healthy, false);
    }

    /// <inheritdoc />
    protected sealed override void AddResetNoise(Span<double> qpos, Span<double> qvel)
    {
        AddUniformNoise(qpos, -Settings.ResetNoiseScale, Settings.ResetNoiseScale);
        AddUniformNoise(qvel, -Settings.ResetNoiseScale, Settings.ResetNoiseScale);
    }

    /// <inheritdoc />
    protected sealed override void WriteObservation(Span<double> observation)
        => PlanarObservation.Write(Data.Qpos, Data.Qvel, Settings.ExcludeCurrentPositionsFromObservation, VelocityClip, observation);
}
