namespace Kernel.Envs.MuJoCo;

/// <summary>The terms of Humanoid-v4's last reward (Gymnasium's info plus the reward's parts): reward = (forward + healthy) - control cost.</summary>
/// <param name="XPosition">x of the mass centre after the step, from xipos as mj_step left it (info x_position).</param>
/// <param name="YPosition">y of the mass centre after the step (info y_position).</param>
/// <param name="XVelocity">(x after - x before) / dt (info x_velocity).</param>
/// <param name="YVelocity">(y after - y before) / dt (info y_velocity).</param>
/// <param name="ForwardReward">forward_reward_weight x XVelocity (info reward_linvel).</param>
/// <param name="HealthyReward">healthy_reward if healthy or terminate_when_unhealthy, else 0 (info reward_alive).</param>
/// <param name="ControlCost">ctrl_cost_weight x Σ ctrl² (info reward_quadctrl is its negative); ctrl is the raw action.</param>
/// <param name="IsHealthy">Whether the state after the step is healthy.</param>
public readonly record struct HumanoidStepInfo(
    double XPosition,
    double YPosition,
    double XVelocity,
    double YVelocity,
    double ForwardReward,
    double HealthyReward,
    double ControlCost,
    bool IsHealthy)
{
    /// <summary>The mass centre's horizontal distance from the origin (info distance_from_origin).</summary>
    public double DistanceFromOrigin => Math.Sqrt((XPosition * XPosition) + (YPosition * YPosition));
}
