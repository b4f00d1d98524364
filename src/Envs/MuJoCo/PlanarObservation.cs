namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The observation of Gymnasium's planar walkers (Hopper, Walker2d, HalfCheetah): qpos without the x coordinate
/// (unless positions are included) followed by qvel, optionally clipped to ±<c>velocityLimit</c>.
/// Thread-safety: stateless.
/// </summary>
public static class PlanarObservation
{
    /// <summary>The observation length for a model with <paramref name="nq"/> positions and <paramref name="nv"/> velocities.</summary>
    public static int Size(int nq, int nv, bool excludeCurrentPositions) => (excludeCurrentPositions ? nq - 1 : nq) + nv;

    /// <summary>Writes qpos[1:] (or all of qpos) then qvel, each velocity clipped to [-limit, limit] when <paramref name="velocityLimit"/> is given.</summary>
    public static void Write(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel, bool excludeCurrentPositions, double? velocityLimit, Span<double> observation)
    {
        ReadOnlySpan<double> position = excludeCurrentPositions ? qpos[1..] : qpos;
        position.CopyTo(observation);
        Span<double> velocity = observation.Slice(position.Length, qvel.Length);
        if (velocityLimit is { } limit)
        {
            for (int i = 0; i < qvel.Length; i++)
            {
                velocity[i] = Math.Clamp(qvel[i], -limit, limit);
            }
        }
        else
        {
            qvel.CopyTo(velocity);
        }
    }
}
