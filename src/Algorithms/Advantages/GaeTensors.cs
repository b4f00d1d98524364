namespace Kernel.Algorithms.Advantages;

/// <summary>
/// A time-major rollout as tensors on one tape, for generalised advantage estimation that is itself differentiable
/// (e.g. through the values): matrices [T, N] (row t holds the N copies at step t) and one row [N] of last values.
/// The episode-end masks are 0/1 tensors [T, N]; a null mask means no episode ended that way, and
/// <see cref="FinalValues"/> is needed only with <see cref="Truncated"/>. A value.
/// </summary>
/// <typeparam name="T">The tape's precision.</typeparam>
/// <param name="Rewards">r_t, [T, N].</param>
/// <param name="Values">V(s_t), [T, N].</param>
/// <param name="LastValues">V(observation after the last step), [N].</param>
/// <param name="Terminated">1 where step t ended in a terminal state, [T, N], or null.</param>
/// <param name="Truncated">1 where step t ended by the time limit, [T, N], or null.</param>
/// <param name="FinalValues">V(final observation), read where truncated and not terminated, [T, N], or null.</param>
public sealed record GaeTensors<T>(
    Tensor<T> Rewards,
    Tensor<T> Values,
    Tensor<T> LastValues,
    Tensor<T>? Terminated = null,
    Tensor<T>? Truncated = null,
    Tensor<T>? FinalValues = null)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
