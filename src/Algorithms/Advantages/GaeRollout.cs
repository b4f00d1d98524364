namespace Kernel.Algorithms.Advantages;

/// <summary>
/// What generalised advantage estimation reads from a time-major rollout [T, N] (sample i = t * N + n) on the host:
/// rewards and values per sample, the value after the last step per copy (N = <see cref="LastValues"/>' length), and
/// where episodes ended. <see cref="Terminated"/> and <see cref="Truncated"/> may be left empty (no episode ended that
/// way); <see cref="FinalValues"/> is read only where a step was truncated and not terminated, and may be left empty when
/// none was. A view of the caller's spans.
/// </summary>
/// <typeparam name="T">The element type of the rollout's numbers (Half, float or double).</typeparam>
public readonly ref struct GaeRollout<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>r_t, [T*N].</summary>
    public required ReadOnlySpan<T> Rewards { get; init; }

    /// <summary>V(s_t) as recorded in the rollout, [T*N].</summary>
    public required ReadOnlySpan<T> Values { get; init; }

    /// <summary>V(observation after the last step), one per copy: [N].</summary>
    public required ReadOnlySpan<T> LastValues { get; init; }

    /// <summary>Whether step t ended its episode in a terminal state (no bootstrapping), [T*N] or empty.</summary>
    public ReadOnlySpan<bool> Terminated { get; init; }

    /// <summary>Whether step t ended its episode by the time limit (bootstrap from the final value), [T*N] or empty.</summary>
    public ReadOnlySpan<bool> Truncated { get; init; }

    /// <summary>V(final observation) where truncated, [T*N]; empty when nothing is truncated.</summary>
    public ReadOnlySpan<T> FinalValues { get; init; }
}
