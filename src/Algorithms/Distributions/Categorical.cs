using System.Buffers;
using Kernel.Envs;

namespace Kernel.Algorithms.Distributions;

/// <summary>
/// A categorical policy over K discrete actions from unnormalised logits [batch, K]:
/// log pi(k|s) = logits_k - logsumexp(logits), computed by a stable row-wise log-softmax.
/// The formulas are <see cref="CategoricalFunctions"/>'. Thread-safety: immutable.
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public sealed class Categorical<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Creates the policy head for <paramref name="actionCount"/> actions.</summary>
    public Categorical(int actionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        ActionCount = actionCount;
    }

    /// <summary>Creates the policy head for a Discrete action space.</summary>
    public Categorical(DiscreteSpace actionSpace)
        : this((actionSpace ?? throw new ArgumentNullException(nameof(actionSpace))).Count)
    {
    }

    /// <summary>The number of actions K.</summary>
    public int ActionCount { get; }

    /// <summary>
    /// log pi(a_r | s_r) per row: the chosen entry of logsoftmax(logits), [batch, K] -> [batch].
    /// </summary>
    /// <param name="logits">[batch, K].</param>
    /// <param name="actions">One action index in [0, K) per row.</param>
    /// <param name="label">Label of the result (default "logp_new").</param>
    public Tensor<T> LogProb(Tensor<T> logits, ReadOnlySpan<int> actions, string? label = DistributionLabels.LogpNew)
    {
        CheckLogits(logits, nameof(logits));
        return CategoricalFunctions.LogProb(logits, actions, label);
    }

    /// <summary>log pi for actions stored as doubles (the rollout buffer's type); each must be an integer in [0, K).</summary>
    public Tensor<T> LogProb(Tensor<T> logits, ReadOnlySpan<double> actions, string? label = DistributionLabels.LogpNew)
    {
        int[] indices = ArrayPool<int>.Shared.Rent(actions.Length);
        try
        {
            for (int r = 0; r < actions.Length; r++)
            {
                double a = actions[r];
                if (a != Math.Floor(a) || !(a >= 0) || a >= ActionCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(actions), a, $"row {r}: the action must be an integer in [0, {ActionCount}).");
                }

                indices[r] = (int)a;
            }

            return LogProb(logits, indices.AsSpan(0, actions.Length), label);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }

    /// <summary>
    /// Entropy per row, H = -sum_k p_k log p_k with log p = logsoftmax(logits), [batch]. An action with p_k = 0 (a
    /// logit of -inf, or a log-prob below T's range) contributes 0, the limit of p log p, in value and gradient.
    /// </summary>
    /// <param name="logits">[batch, K].</param>
    /// <param name="label">Label of the result (default "entropy").</param>
    public Tensor<T> Entropy(Tensor<T> logits, string? label = DistributionLabels.Entropy)
    {
        CheckLogits(logits, nameof(logits));
        return CategoricalFunctions.Entropy(logits, label);
    }

    /// <summary>
    /// Analytic KL(old || new) per row, sum_k p_old,k (log p_old,k - log p_new,k), with the old logits detached, [batch].
    /// Actions the old policy never takes (log p_old = -inf) contribute 0; an action it takes that the new policy
    /// never does makes the KL +inf.
    /// </summary>
    /// <param name="oldLogits">Logits of the policy that collected the data, [batch, K].</param>
    /// <param name="logits">Logits of the policy being optimised, [batch, K].</param>
    /// <param name="label">Label of the result (default "kl").</param>
    public Tensor<T> Kl(Tensor<T> oldLogits, Tensor<T> logits, string? label = DistributionLabels.Kl)
    {
        CheckLogits(oldLogits, nameof(oldLogits));
        CheckLogits(logits, nameof(logits));
        if (oldLogits.Rows != logits.Rows)
        {
            throw new ArgumentException($"oldLogits has shape {oldLogits.Shape} and logits {logits.Shape}; they must match (the same states).", nameof(oldLogits));
        }

        return CategoricalFunctions.Kl(logits.Tape.Detach(oldLogits), logits, label);
    }

    /// <summary>
    /// Draws one action per row from softmax(logits) by inversion: u = NextDouble() * sum_k exp(l_k - max l) and the
    /// first k whose running sum exceeds u (computed in fp64). Logits of -inf have probability 0; NaN or +inf throws.
    /// </summary>
    /// <param name="logits">[batch * K] row-major.</param>
    /// <param name="random">The stream to draw from (one NextDouble per row).</param>
    /// <param name="actions">Receives one action per row, [batch].</param>
    public void Sample(ReadOnlySpan<T> logits, KernelRandom random, Span<int> actions)
    {
        ArgumentNullException.ThrowIfNull(random);
        int k = ActionCount;
        if (logits.Length != actions.Length * k)
        {
            throw new ArgumentException($"logits has {logits.Length} values; {actions.Length} rows of {k} need {actions.Length * k}.", nameof(logits));
        }

        for (int r = 0; r < actions.Length; r++)
        {
            ReadOnlySpan<T> row = logits.Slice(r * k, k);
            double max = double.NegativeInfinity;
            for (int j = 0; j < k; j++)
            {
                double l = double.CreateTruncating(row[j]);
                if (double.IsNaN(l) || double.IsPositiveInfinity(l))
                {
                    throw new ArgumentException($"row {r}, action {j}: the logit is {l}; sampling needs logits that are finite or -inf.", nameof(logits));
                }

                max = Math.Max(max, l);
            }

            if (double.IsNegativeInfinity(max))
            {
                throw new ArgumentException($"row {r}: every logit is -inf; there is nothing to sample.", nameof(logits));
            }

            double total = 0;
            for (int j = 0; j < k; j++)
            {
                total += Math.Exp(double.CreateTruncating(row[j]) - max);
            }

            double u = random.NextDouble() * total;
            int chosen = k - 1;
            double running = 0;
            for (int j = 0; j < k; j++)
            {
                double p = Math.Exp(double.CreateTruncating(row[j]) - max);
                running += p;
                if (u < running && p > 0)
                {
                    chosen = j;
                    break;
                }
            }

            // NOTE: rounding can leave u >= the final running sum; then the last action with p > 0 is taken.
            while (chosen > 0 && double.IsNegativeInfinity(double.CreateTruncating(row[chosen])))
            {
                chosen--;
            }

            actions[r] = chosen;
        }
    }

    private void CheckLogits(Tensor<T> logits, string name)
    {
        if (logits.Shape.Rank != 2 || logits.Columns != ActionCount)
        {
            throw new ArgumentException($"{name} has shape {logits.Shape}; it must be a [batch, {ActionCount}] matrix.", name);
        }
    }
}
