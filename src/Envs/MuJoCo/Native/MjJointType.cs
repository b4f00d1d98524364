namespace Kernel.Envs.MuJoCo.Native;

/// <summary>Joint kinds (mjtJoint, mjmodel.h 2.2.2).</summary>
public enum MjJointType
{
    /// <summary>Free joint: position and orientation quaternion (nq 7, nv 6).</summary>
    Free = 0,

    /// <summary>Ball joint: orientation quaternion (nq 4, nv 3).</summary>
    Ball = 1,

    /// <summary>Slide joint: a distance along an axis (nq 1, nv 1).</summary>
    Slide = 2,

    /// <summary>Hinge joint: an angle in radians about an axis (nq 1, nv 1).</summary>
    Hinge = 3,
}
