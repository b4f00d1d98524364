namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>An orientation quaternion in MJCF order (w, x, y, z); MuJoCo normalises it when compiling. Thread-safety: immutable.</summary>
/// <param name="W">The scalar part.</param>
/// <param name="X">The x component.</param>
/// <param name="Y">The y component.</param>
/// <param name="Z">The z component.</param>
public readonly record struct MjcfQuat(double W, double X, double Y, double Z)
{
    // mjMINVAL (mjmodel.h 2.2.2): below it MuJoCo treats a norm as zero.
    private const double MinValue = 1e-15;

    /// <summary>The identity rotation.</summary>
    public static MjcfQuat Identity => new(1, 0, 0, 0);

    /// <summary>
    /// The rotation that takes the frame's z axis onto <paramref name="direction"/>, computed as MuJoCo's
    /// mju_quatZ2Vec does (axis z x d, angle atan2(|z x d|, z . d)), so a capsule given by pos/quat/size compiles
    /// to the same numbers as one given by fromto along the same direction.
    /// </summary>
    public static MjcfQuat FromZTo(MjcfVec3 direction)
    {
        // Same operations in the same order as mju_quatZ2Vec and mju_normalize3 (scaling by the inverse norm).
        double norm = Math.Sqrt((direction.X * direction.X) + (direction.Y * direction.Y) + (direction.Z * direction.Z));
        if (norm < MinValue)
        {
            throw new ArgumentException($"direction = {direction}: a rotation needs a non-zero direction.", nameof(direction));
        }

        double inverse = 1 / norm;
        double x = direction.X * inverse;
        double y = direction.Y * inverse;
        double z = direction.Z * inverse;

        // axis = (0, 0, 1) x (x, y, z)
        double ax = (0 * z) - (1 * y);
        double ay = (1 * x) - (0 * z);
        double sine = Math.Sqrt((ax * ax) + (ay * ay));
        if (sine < MinValue)
        {
            return z < 0 ? new MjcfQuat(0, 1, 0, 0) : Identity;
        }

        double axisInverse = 1 / sine;
        ax *= axisInverse;
        ay *= axisInverse;
        double half = Math.Atan2(sine, z) * 0.5;
        double s = Math.Sin(half);
        return new MjcfQuat(Math.Cos(half), ax * s, ay * s, 0);
    }

    /// <summary>The MJCF text "w x y z".</summary>
    public override string ToString() => MjcfFormat.Numbers(W, X, Y, Z);
}
