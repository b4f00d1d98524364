using Kernel.Envs.MuJoCo.Mjcf;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// One of the humanoid's 17 actuated hinges as assets/humanoid.xml (Gymnasium commit 3f0476a8) defines it: axis in
/// the body frame, range in degrees, spring stiffness, damping, armature and the gear of its motor.
/// Thread-safety: immutable.
/// </summary>
/// <param name="Axis">The hinge axis in its body's frame (MuJoCo normalises it).</param>
/// <param name="Range">The range in degrees.</param>
/// <param name="Stiffness">The spring stiffness toward the zero angle.</param>
/// <param name="Damping">The damping.</param>
/// <param name="Armature">The armature (added rotor inertia).</param>
/// <param name="Gear">The gear of the hinge's motor.</param>
public sealed record HumanoidHinge(MjcfVec3 Axis, (double Low, double High) Range, double Stiffness, double Damping, double Armature, double Gear);
