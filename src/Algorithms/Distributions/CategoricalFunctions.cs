using System.Buffers;

namespace Kernel.Algorithms.Distributions;

/// <summary>
/// The categorical distribution over K actions as functions on logits [batch, K] (torch.distributions.Categorical):
/// log-prob by a stable row-wise log-softmax, entropy, and KL with gradients to both arguments. Actions with
/// probability 0 (a logit of -inf) contribute 0 to entropy and KL, in value and gradient. <see cref="Categorical{T}"/>
/// computes with these. Stateless; scratch comes from <see cref="ArrayPool{T}.Shared"/>; thread-safety as the tape's.
/// </summary>
public static class CategoricalFunctions
{
    /// <summary>log pi(a_r | s_r) per row for host actions, one in [0, K) per row: [batch].</summary>
    public static Tensor<T> LogProb<T>(Tensor<T> logits, ReadOnlySpan<int> actions, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLogits(logits, nameof(logits));
        if (actions.Length != logits.Rows)
        {
            throw new ArgumentException($"actions has {actions.Length} entries for {logits.Rows} rows of logits; it needs one per row.", nameof(actions));
        }

        int k = logits.Columns;
        T[] mask = ArrayPool<T>.Shared.Rent(logits.Length);
        try
        {
            Span<T> oneHot = mask.AsSpan(0, logits.Length);
            oneHot.Clear();
            for (int r = 0; r < actions.Length; r++)
            {
                if ((uint)actions[r] >= (uint)k)
                {
                    throw new ArgumentOutOfRangeException(nameof(actions), actions[r], $"row {r}: the action must be in [0, {k}).");
                }

                oneHot[(r * k) + actions[r]] = T.One;
            }

            Tape<T> tape = logits.Tape;
            Tensor<T> chosen = tape.Constant(logits.Shape, oneHot, "one_hot");

            // NOTE: the chosen entry is selected with Where rather than multiplied by the one-hot mask, so an entry of
            // -inf elsewhere in the row (a logit of -inf) cannot turn into 0 * -inf = NaN.
            return chosen.Where(logits.LogSoftmax(), tape.Zeros(logits.Shape)).Sum(1, label);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(mask);
        }
    }

    /// <summary>
    /// log pi(a_r | s_r) per row for actions on the tape (a vector of [batch] positions, e.g. from
    /// <see cref="Tape{T}.Indices"/> or an argmax): logsoftmax(logits) gathered at the actions, [batch].
    /// </summary>
    public static Tensor<T> LogProb<T>(Tensor<T> logits, Tensor<T> actions, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLogits(logits, nameof(logits));
        if (actions.Shape != Shape.Vector(logits.Rows))
        {
            throw new ArgumentException($"actions has shape {actions.Shape}; it needs one position per row of logits, [{logits.Rows}].", nameof(actions));
        }

        return logits.LogSoftmax().Gather(1, actions.Reshape(Shape.Matrix(logits.Rows, 1))).Reshape(actions.Shape, label);
    }

    /// <summary>Entropy per row, H = -sum_k p_k log p_k with log p = logsoftmax(logits), [batch].</summary>
    public static Tensor<T> Entropy<T>(Tensor<T> logits, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLogits(logits, nameof(logits));
        Tensor<T> logp = logits.LogSoftmax();
        return logp.Exp().Multiply(ZeroWhereMinusInfinity(logp, logp)).Sum(1).Negate(label);
    }

    /// <summary>
    /// KL(p || q) per row, sum_k p_k (log p_k - log q_k), with gradients to both logits (detach p yourself for the
    /// usual KL(old || new)). Actions p never takes contribute 0; one p takes and q never does makes the KL +inf.
    /// </summary>
    public static Tensor<T> Kl<T>(Tensor<T> logitsP, Tensor<T> logitsQ, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLogits(logitsP, nameof(logitsP));
        CheckLogits(logitsQ, nameof(logitsQ));
        if (logitsP.Shape != logitsQ.Shape)
        {
            throw new ArgumentException($"logitsP has shape {logitsP.Shape} and logitsQ {logitsQ.Shape}; they must match (the same states).", nameof(logitsQ));
        }

        Tensor<T> logpP = logitsP.LogSoftmax();
        Tensor<T> logRatio = logpP.Subtract(logitsQ.LogSoftmax());
        return logpP.Exp().Multiply(ZeroWhereMinusInfinity(logpP, logRatio)).Sum(1, label);
    }

    /// <summary>
    /// <paramref name="value"/> with 0 wherever <paramref name="logp"/> is -inf (NaN stays NaN). The product p * value
    /// is then 0 * 0 there rather than 0 * (-inf) = NaN, in the forward pass and in the backward pass alike.
    /// </summary>
    private static Tensor<T> ZeroWhereMinusInfinity<T>(Tensor<T> logp, Tensor<T> value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tape<T> tape = logp.Tape;
        Tensor<T> impossible = logp.EqualMask(tape.Full(logp.Shape, T.NegativeInfinity));
        return impossible.Where(tape.Zeros(logp.Shape), value);
    }

    private static void CheckLogits<T>(Tensor<T> logits, string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (logits.Shape.Rank != 2 || logits.Columns < 1)
        {
            throw new ArgumentException($"{name} has shape {logits.Shape}; it must be a [batch, K] matrix with K >= 1.", name);
        }
    }
}
