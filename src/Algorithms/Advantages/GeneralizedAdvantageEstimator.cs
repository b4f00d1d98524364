using System.Buffers;
using System.Globalization;

namespace Kernel.Algorithms.Advantages;

/// <summary>
/// Generalised advantage estimation (Schulman et al. 2016; 004 section 4) over a time-major rollout [T, N]
/// (sample i = t * N + n): delta_t = r_t + gamma V_next - V(s_t), A_t = delta_t + gamma lambda A_{t+1}, with the
/// trace cut at every episode boundary. V_next is 0 after a termination (no bootstrapping), V(final observation)
/// after a truncation (the episode could have gone on), V(s_{t+1}) inside an episode, and the value of the
/// observation after the last step at t = T - 1. Returns (value targets) are A_t + V(s_t). With lambda = 1 and
/// zero values this is the discounted return of REINFORCE.
/// <para>
/// Two forms: on the host (<see cref="Compute{T}(in GaeRollout{T}, GaeOptions, Span{T}, Span{T})"/>: computed in fp64,
/// each result rounded once to T; every number that is read must be finite, since a NaN would spread silently into every
/// earlier advantage of its episode, and bad input throws before anything is written; allocation-free) and on a tape
/// (<see cref="Compute{T}(GaeTensors{T}, GaeOptions)"/>: in the tape's precision, differentiable in every input).
/// Stateless; thread-safe.
/// </para>
/// </summary>
public static class GeneralizedAdvantageEstimator
{
    /// <summary>Computes advantages and returns on the host into the caller's buffers.</summary>
    /// <param name="rollout">Rewards, values, last values and episode ends.</param>
    /// <param name="options">gamma and lambda.</param>
    /// <param name="advantages">Receives A_t, [T*N].</param>
    /// <param name="returns">Receives A_t + V(s_t), [T*N].</param>
    public static void Compute<T>(in GaeRollout<T> rollout, GaeOptions options, Span<T> advantages, Span<T> returns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int envs = rollout.LastValues.Length;
        if (envs < 1)
        {
            throw new ArgumentException("lastValues is empty; it needs one value per copy (at least 1).", "lastValues");
        }

        ReadOnlySpan<T> rewards = rollout.Rewards;
        ReadOnlySpan<T> values = rollout.Values;
        ReadOnlySpan<bool> terminated = rollout.Terminated;
        ReadOnlySpan<bool> truncated = rollout.Truncated;
        ReadOnlySpan<T> finalValues = rollout.FinalValues;
        ReadOnlySpan<T> lastValues = rollout.LastValues;
        int samples = rewards.Length;
        if (samples % envs != 0)
        {
            throw new ArgumentException($"rewards has {samples} values, not a multiple of the {envs} copies (lastValues' length).", "rewards");
        }

        Require(values.Length, samples, "values");
        RequireOptional(terminated.Length, samples, "terminated");
        RequireOptional(truncated.Length, samples, "truncated");
        if (!truncated.IsEmpty && truncated.Contains(true))
        {
            Require(finalValues.Length, samples, "finalValues");
        }

        Require(advantages.Length, samples, nameof(advantages));
        Require(returns.Length, samples, nameof(returns));
        RequireFinite(rewards, values, terminated, truncated, finalValues, lastValues);

        double gamma = options.Gamma;
        double lambda = options.Lambda;
        int steps = samples / envs;
        for (int n = 0; n < envs; n++)
        {
            double nextAdvantage = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = (t * envs) + n;
                bool isTerminated = !terminated.IsEmpty && terminated[i];
                bool isTruncated = !truncated.IsEmpty && truncated[i];
                double value = double.CreateTruncating(values[i]);
                double nextValue = isTerminated ? 0
                    : isTruncated ? double.CreateTruncating(finalValues[i])
                    : t == steps - 1 ? double.CreateTruncating(lastValues[n])
                    : double.CreateTruncating(values[i + envs]);
                double delta = double.CreateTruncating(rewards[i]) + (gamma * nextValue) - value;
                double advantage = isTerminated || isTruncated ? delta : delta + (gamma * lambda * nextAdvantage);
                advantages[i] = T.CreateTruncating(advantage);
                returns[i] = T.CreateTruncating(advantage + value);
                nextAdvantage = advantage;
            }
        }
    }

    /// <summary>
    /// Advantages [T, N] recorded on the rollout's tape, so they can be differentiated (with respect to the values, the
    /// rewards or anything they came from). The recursion runs backwards one row at a time and the rows are stacked; the
    /// returns are <c>advantages.Add(rollout.Values)</c>. Non-finite inputs propagate (the tape's monitor reports them).
    /// </summary>
    public static Tensor<T> Compute<T>(GaeTensors<T> rollout, GaeOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Tensor<T> rewards = rollout.Rewards;
        if (rewards.Shape.Rank != 2)
        {
            throw new ArgumentException($"rewards has shape {rewards.Shape}; it must be a [T, N] matrix.", "rewards");
        }

        int steps = rewards.Rows;
        int envs = rewards.Columns;
        RequireShape<T>(rollout.Values, rewards.Shape, "values");
        RequireShape<T>(rollout.LastValues, Shape.Vector(envs), "lastValues");
        RequireShape<T>(rollout.Terminated, rewards.Shape, "terminated");
        RequireShape<T>(rollout.Truncated, rewards.Shape, "truncated");
        if (rollout.Truncated is not null && rollout.FinalValues is null)
        {
            throw new ArgumentException("finalValues is null but truncated is given; a truncated step bootstraps from its final value.", "finalValues");
        }

        RequireShape<T>(rollout.FinalValues, rewards.Shape, "finalValues");
        Tape<T> tape = rewards.Tape;
        T gamma = T.CreateTruncating(options.Gamma);
        T gammaLambda = T.CreateTruncating(options.Gamma * options.Lambda);
        Tensor<T> zeros = tape.Zeros(Shape.Vector(envs));
        Tensor<T>[] rows = ArrayPool<Tensor<T>>.Shared.Rent(steps);
        try
        {
            Tensor<T> nextAdvantage = zeros;
            for (int t = steps - 1; t >= 0; t--)
            {
                Tensor<T> nextValue = t == steps - 1 ? rollout.LastValues : Row(rollout.Values, t + 1);
                Tensor<T>? boundary = null;
                if (rollout.Truncated is { } truncated)
                {
                    Tensor<T> mask = Row(truncated, t);
                    nextValue = mask.Where(Row(rollout.FinalValues!.Value, t), nextValue);
                    boundary = mask;
                }

                if (rollout.Terminated is { } terminated)
                {
                    Tensor<T> mask = Row(terminated, t);
                    nextValue = mask.Where(zeros, nextValue);
                    boundary = boundary is { } b ? b.Maximum(mask) : mask;
                }

                Tensor<T> delta = Row(rewards, t).Add(nextValue.MultiplyScalar(gamma)).Subtract(Row(rollout.Values, t));
                Tensor<T> traced = delta.Add(nextAdvantage.MultiplyScalar(gammaLambda));
                Tensor<T> advantage = boundary is { } ended ? ended.Where(delta, traced) : traced;
                rows[t] = advantage;
                nextAdvantage = advantage;
            }

            return ShapeOps.Stack<T>(rows.AsSpan(0, steps), axis: 0, "advantages");
        }
        finally
        {
            ArrayPool<Tensor<T>>.Shared.Return(rows, clearArray: true);
        }
    }

    /// <summary>Row t of a [T, N] matrix as a vector [N].</summary>
    private static Tensor<T> Row<T>(Tensor<T> matrix, int t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => matrix.IndexSelect(0, [t]).Reshape(Shape.Vector(matrix.Columns));

    private static void RequireShape<T>(Tensor<T>? tensor, Shape shape, string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (tensor is { } t && t.Shape != shape)
        {
            throw new ArgumentException($"{name} has shape {t.Shape}; it must be {shape}.", name);
        }
    }

    /// <summary>One pass over the inputs; finalValues only where it is read (truncated and not terminated).</summary>
    private static void RequireFinite<T>(
        ReadOnlySpan<T> rewards,
        ReadOnlySpan<T> values,
        ReadOnlySpan<bool> terminated,
        ReadOnlySpan<bool> truncated,
        ReadOnlySpan<T> finalValues,
        ReadOnlySpan<T> lastValues)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < rewards.Length; i++)
        {
            if (!T.IsFinite(rewards[i]))
            {
                throw NotFinite("rewards", i, rewards[i]);
            }

            if (!T.IsFinite(values[i]))
            {
                throw NotFinite("values", i, values[i]);
            }

            bool read = !truncated.IsEmpty && truncated[i] && (terminated.IsEmpty || !terminated[i]);
            if (read && !T.IsFinite(finalValues[i]))
            {
                throw NotFinite("finalValues", i, finalValues[i]);
            }
        }

        for (int n = 0; n < lastValues.Length; n++)
        {
            if (!T.IsFinite(lastValues[n]))
            {
                throw NotFinite("lastValues", n, lastValues[n]);
            }
        }
    }

    private static ArgumentException NotFinite<T>(string name, int index, T value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => new($"{name}[{index}] = {double.CreateTruncating(value).ToString(CultureInfo.InvariantCulture)} is not finite; every value read must be finite.", name);

    private static void Require(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} has {length} values; {expected} are needed.", name);
        }
    }

    private static void RequireOptional(int length, int expected, string name)
    {
        if (length != 0 && length != expected)
        {
            throw new ArgumentException($"{name} has {length} values; {expected} are needed (or none: no episode ended that way).", name);
        }
    }
}
