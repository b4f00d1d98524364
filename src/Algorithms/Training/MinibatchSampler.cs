using Kernel.Envs;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Splits a batch of <see cref="BatchSize"/> samples into shuffled minibatches once per epoch (a Fisher-Yates
/// shuffle from the project RNG, as the PPO implementations in seed 001 draw a fresh permutation per epoch), and
/// gathers the rows of a minibatch into contiguous buffers for the tape. When the batch does not divide evenly the
/// last minibatch is the shorter remainder. Allocation-free after construction.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class MinibatchSampler
{
    private readonly int[] order;

    /// <summary>Creates a sampler over samples 0..batchSize-1 in minibatches of at most <paramref name="minibatchSize"/>.</summary>
    public MinibatchSampler(int batchSize, int minibatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (minibatchSize < 1 || minibatchSize > batchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(minibatchSize), minibatchSize, $"the minibatch size must lie in 1..{batchSize} (the batch size).");
        }

        BatchSize = batchSize;
        MinibatchSize = minibatchSize;
        order = new int[batchSize];
        for (int i = 0; i < batchSize; i++)
        {
            order[i] = i;
        }
    }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Samples per full minibatch.</summary>
    public int MinibatchSize { get; }

    /// <summary>Minibatches per epoch (the last may be shorter).</summary>
    public int MinibatchCount => (BatchSize + MinibatchSize - 1) / MinibatchSize;

    /// <summary>Draws a new permutation of the batch for the next epoch.</summary>
    public void Shuffle(KernelRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);

        // Start from the identity so the permutation depends on the RNG's state alone, which checkpoints hold.
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>The sample indices of minibatch <paramref name="index"/> of the current permutation.</summary>
    public ReadOnlySpan<int> Minibatch(int index)
    {
        if ((uint)index >= (uint)MinibatchCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"minibatch index must lie in 0..{MinibatchCount - 1}.");
        }

        int start = index * MinibatchSize;
        return order.AsSpan(start, Math.Min(MinibatchSize, BatchSize - start));
    }

    /// <summary>Copies the rows <paramref name="indices"/> of a row-major [batch, rowSize] source into consecutive rows of <paramref name="destination"/>.</summary>
    public static void Gather<TValue>(ReadOnlySpan<TValue> source, int rowSize, ReadOnlySpan<int> indices, Span<TValue> destination)
    {
        if (destination.Length < indices.Length * rowSize)
        {
            throw new ArgumentException($"destination holds {destination.Length} values; {indices.Length} rows of {rowSize} need {indices.Length * rowSize}.", nameof(destination));
        }

        for (int k = 0; k < indices.Length; k++)
        {
            source.Slice(indices[k] * rowSize, rowSize).CopyTo(destination.Slice(k * rowSize, rowSize));
        }
    }
}
