namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>The unit of angles in an MJCF file (compiler angle): joint ranges and axis-angle rotations.</summary>
public enum MjcfAngle
{
    /// <summary>Degrees (MJCF's default).</summary>
    Degree,

    /// <summary>Radians.</summary>
    Radian,
}
