using System.Numerics;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// What a landscape rolls a controller out on: reset to a start (seeded where the start is random), then steps
/// returning the reward. Implemented over a generic-T control model (<see cref="ModelSystem{T}"/>, any T) or over a
/// registered env (<see cref="EnvSystem"/>, double only). Dispose frees what the system holds (a MuJoCo env's native
/// data). Thread-safety: one thread at a time; each worker has its own.
/// </summary>
/// <typeparam name="T">The arithmetic of the closed loop.</typeparam>
public interface ILandscapeSystem<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The observation length (what the controller reads).</summary>
    int ObservationSize { get; }

    /// <summary>The action length.</summary>
    int ActionSize { get; }

    /// <summary>Starts a trajectory; <paramref name="seed"/> drives a random start (ignored by a fixed start).</summary>
    void Reset(ulong seed, Span<T> observation);

    /// <summary>Applies <paramref name="action"/>, writes the next observation and returns the reward; <paramref name="terminated"/> ends the trajectory.</summary>
    T Step(ReadOnlySpan<T> action, Span<T> observation, out bool terminated);
}
