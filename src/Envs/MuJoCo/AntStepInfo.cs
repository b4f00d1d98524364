namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The terms of Ant-v4's last reward (Gymnasium's info plus the reward's parts):
/// reward = (forward + healthy) - (control cost + contact cost).
/// </summary>
/// <param name="XPosition">The torso's x after the step, from xpos as mj_step left it (info x_position).</param>
/// <param name="YPosition">The torso's y after the step (info y_position).</param>
/// <param name="XVelocity">(x after - x before) / dt (info x_velocity); also the forward reward, which has no weight in v4.</param>
/// <param name="YVelocity">(y after - y before) / dt (info y_velocity).</param>
/// <param name="HealthyReward">healthy_reward if healthy or terminate_when_unhealthy, else 0 (info reward_survive).</param>
/// <param name="ControlCost">ctrl_cost_weight x Σ a² of the raw action.</param>
/// <param name="ContactCost">contact_cost_weight x Σ clip(cfrc_ext)² with contact forces on, else 0.</param>
/// <param name="IsHealthy">Whether the state after the step is healthy.</param>
public readonly record struct AntStepInfo(
    double XPosition,
    double YPosition,
    double XVelocity,
    double YVelocity,
    double HealthyReward,
    double ControlCost,
    double ContactCost,
    bool IsHealthy)
{
    /// <summary>The forward reward (info reward_forward): the x velocity.</summary>
    public double ForwardReward => XVelocity;

    /// <summary>The torso's horizontal distance from the origin (info distance_from_origin).</summary>
    public double DistanceFromOrigin => Math.Sqrt((XPosition * XPosition) + (YPosition * YPosition));

    /// <summary>
    /// What v4 reports as info["reward_ctrl"]: -ControlCost, or, with contact forces on, -ContactCost (v4 overwrites
    /// the entry; the reward itself charges both costs).
    /// </summary>
    public double ReportedControlReward(bool useContactForces) => useContactForces ? -ContactCost : -ControlCost;
}
