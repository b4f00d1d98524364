using Kernel.Envs.MuJoCo.Mjcf;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// One of the ant's four legs as assets/ant.xml (Gymnasium commit 3f0476a8) lays it out: a hip segment fixed to the
/// torso, an upper segment on a vertical hip hinge and a lower segment on an ankle hinge, all pointing along
/// <see cref="Direction"/> in the horizontal plane. Legs 2 and 3 flip the ankle axis and negate the range, which
/// describes the same motion as the other legs' convention. Thread-safety: immutable.
/// </summary>
/// <param name="Number">The leg's number k in the joint names hip_k and ankle_k (1..4).</param>
/// <param name="BodyName">The hip segment's body name.</param>
/// <param name="UpperGeomName">The upper segment's geom name.</param>
/// <param name="LowerGeomName">The lower segment's geom name.</param>
/// <param name="Direction">The horizontal direction of the leg, (±1, ±1, 0); segment extents multiply it.</param>
/// <param name="AnkleAxis">The ankle hinge's axis.</param>
/// <param name="AnkleRange">The ankle hinge's range in degrees; it excludes 0, the angle every ankle starts at.</param>
public sealed record AntLeg(
    int Number,
    string BodyName,
    string UpperGeomName,
    string LowerGeomName,
    MjcfVec3 Direction,
    MjcfVec3 AnkleAxis,
    (double Low, double High) AnkleRange);
