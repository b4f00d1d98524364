using Kernel.Envs.MuJoCo.Mjcf;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// One actuated link of the half cheetah (thigh, shin or foot of either leg): where its body and hinge sit relative
/// to the parent body, its capsule (centre, tilt about the y axis, half-length) and its hinge's spring, damper,
/// range and motor gear. Lengths in metres, angles in radians (the asset compiles with angle="radian").
/// Thread-safety: immutable.
/// </summary>
/// <param name="BodyPos">The body's origin (and the hinge's anchor) in the parent body's frame.</param>
/// <param name="GeomPos">The capsule's centre in the body frame.</param>
/// <param name="GeomTilt">The capsule's rotation about the y axis (the asset's axisangle "0 1 0 angle").</param>
/// <param name="GeomHalfLength">The capsule's half-length (its radius is <see cref="HalfCheetahModel.LimbRadius"/>).</param>
/// <param name="Stiffness">The hinge's spring stiffness (N m/rad).</param>
/// <param name="Damping">The hinge's damping (N m s/rad).</param>
/// <param name="Range">The hinge's range (rad).</param>
/// <param name="Gear">The motor's gear.</param>
public sealed record HalfCheetahLink(
    MjcfVec3 BodyPos,
    MjcfVec3 GeomPos,
    double GeomTilt,
    double GeomHalfLength,
    double Stiffness,
    double Damping,
    (double Low, double High) Range,
    double Gear);
