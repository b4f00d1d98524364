namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The terms of a planar locomotion task's last reward (Hopper-v4, Walker2d-v4: Gymnasium's info plus the reward's
/// parts): reward = forward + healthy - control cost. Thread-safety: immutable.
/// </summary>
/// <param name="XPosition">qpos[0] after the step (info x_position).</param>
/// <param name="XVelocity">(x after - x before) / dt (info x_velocity).</param>
/// <param name="ForwardReward">forward_reward_weight x XVelocity.</param>
/// <param name="HealthyReward">healthy_reward if healthy or terminate_when_unhealthy, else 0.</param>
/// <param name="ControlCost">ctrl_cost_weight x Σ a² of the raw action.</param>
/// <param name="IsHealthy">Whether the state after the step is healthy.</param>
public readonly record struct PlanarStepInfo(double XPosition, double XVelocity, double ForwardReward, double HealthyReward, double ControlCost, bool IsHealthy);
