namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>A 3-vector in MJCF (a position, an axis, gravity). The operators let a model derive local offsets from named global points. Thread-safety: immutable.</summary>
/// <param name="X">The x component.</param>
/// <param name="Y">The y component.</param>
/// <param name="Z">The z component.</param>
public readonly record struct MjcfVec3(double X, double Y, double Z)
{
    /// <summary>The zero vector.</summary>
    public static MjcfVec3 Zero => default;

    /// <summary>Component-wise sum.</summary>
    public static MjcfVec3 operator +(MjcfVec3 a, MjcfVec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Component-wise difference (a point relative to a frame origin).</summary>
    public static MjcfVec3 operator -(MjcfVec3 a, MjcfVec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Component-wise negation.</summary>
    public static MjcfVec3 operator -(MjcfVec3 a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Scaling by <paramref name="s"/>.</summary>
    public static MjcfVec3 operator *(double s, MjcfVec3 a) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>The MJCF text "x y z".</summary>
    public override string ToString() => MjcfFormat.Numbers(X, Y, Z);
}
