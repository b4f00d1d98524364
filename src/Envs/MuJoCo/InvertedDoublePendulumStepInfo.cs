namespace Kernel.Envs.MuJoCo;

/// <summary>The terms of InvertedDoublePendulum-v4's last reward: reward = alive bonus - distance penalty - velocity penalty. Thread-safety: immutable.</summary>
/// <param name="TipX">x of site "tip" as mj_step left it (stale: not recomputed for the new qpos).</param>
/// <param name="TipZ">z of site "tip", likewise stale.</param>
/// <param name="DistancePenalty">0.01 x_tip² + (z_tip - 2)².</param>
/// <param name="VelocityPenalty">1e-3 qvel[1]² + 5e-3 qvel[2]².</param>
/// <param name="AliveBonus">10.</param>
public readonly record struct InvertedDoublePendulumStepInfo(double TipX, double TipZ, double DistancePenalty, double VelocityPenalty, double AliveBonus);
