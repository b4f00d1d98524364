namespace Kernel.Algorithms.Optimizers;

/// <summary>
/// The learning rate as a function of the update index: constant, or annealed linearly to 0 over N updates as in the
/// PPO implementations of seed 001 (section 4, item 4). Set <see cref="Optimizer{T}.LearningRate"/> from
/// <see cref="At"/> before each update. Immutable.
/// </summary>
public sealed class LearningRateSchedule
{
    private LearningRateSchedule(double initial, int? annealingUpdates)
    {
        Hyperparameters.CheckNonNegative(initial, nameof(initial));
        if (annealingUpdates is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(annealingUpdates), annealingUpdates, "the number of annealing updates must be at least 1.");
        }

        Initial = initial;
        AnnealingUpdates = annealingUpdates;
    }

    /// <summary>The rate of update 0.</summary>
    public double Initial { get; }

    /// <summary>N for linear annealing, null for a constant rate.</summary>
    public int? AnnealingUpdates { get; }

    /// <summary>The same rate for every update.</summary>
    /// <param name="initial">The rate, finite and &gt;= 0.</param>
    public static LearningRateSchedule Constant(double initial) => new(initial, null);

    /// <summary>
    /// lr(k) = (1 - k / N) * initial for update k = 0, 1, ..., N - 1, and 0 from k = N on: CleanRL's
    /// <c>frac = 1.0 - (iteration - 1.0) / num_iterations; lrnow = frac * learning_rate</c> with k = iteration - 1,
    /// so the first update uses the full rate and the last one initial / N.
    /// </summary>
    /// <param name="initial">The rate of update 0, finite and &gt;= 0.</param>
    /// <param name="annealingUpdates">N, at least 1.</param>
    public static LearningRateSchedule LinearToZero(double initial, int annealingUpdates) => new(initial, annealingUpdates);

    /// <summary>The rate of update <paramref name="update"/> (0 for the first).</summary>
    public double At(long update)
    {
        if (update < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(update), update, "update must be >= 0.");
        }

        if (AnnealingUpdates is not { } total)
        {
            return Initial;
        }

        return update >= total ? 0 : (1.0 - ((double)update / total)) * Initial;
    }

    /// <inheritdoc />
    public override string ToString() => AnnealingUpdates is { } total ? $"linear {Initial} -> 0 over {total} updates" : $"constant {Initial}";
}
