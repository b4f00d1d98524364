namespace Kernel.Envs.MuJoCo;

/// <summary>The terms of HalfCheetah-v4's last reward (Gymnasium's info): reward = forward - control cost.</summary>
/// <param name="XPosition">qpos[0] after the step (info x_position).</param>
/// <param name="XVelocity">(x after - x before) / dt (info x_velocity).</param>
/// <param name="ForwardReward">forward_reward_weight x XVelocity (info reward_run).</param>
/// <param name="ControlCost">ctrl_cost_weight x Σ a² of the raw action (info reward_ctrl is its negative).</param>
public readonly record struct HalfCheetahStepInfo(double XPosition, double XVelocity, double ForwardReward, double ControlCost);
