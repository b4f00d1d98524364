using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>One joint of a compiled model (ranges in radians for hinges, metres for slides). Thread-safety: immutable.</summary>
/// <param name="Id">The joint id.</param>
/// <param name="Name">The joint's name (null if unnamed).</param>
/// <param name="Type">The joint kind.</param>
/// <param name="Body">The name of the body it moves.</param>
/// <param name="QposAddress">Its first index in qpos.</param>
/// <param name="DofAddress">Its first index in qvel.</param>
/// <param name="Limited">Whether the range is enforced.</param>
/// <param name="RangeLow">The range's low end (0 when unlimited).</param>
/// <param name="RangeHigh">The range's high end (0 when unlimited).</param>
/// <param name="Damping">Damping of its first degree of freedom.</param>
/// <param name="Armature">Armature of its first degree of freedom.</param>
/// <param name="Stiffness">Spring stiffness.</param>
public sealed record MuJoCoJointFacts(
    int Id, string? Name, MjJointType Type, string? Body, int QposAddress, int DofAddress, bool Limited, double RangeLow, double RangeHigh, double Damping, double Armature, double Stiffness);
