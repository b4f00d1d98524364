using System.Globalization;

namespace Kernel.Algorithms.Normalizers;

/// <summary>
/// Reward scaling of seed 001 appendix Algorithm 1 with 9.2.1's clipping: per env copy a discounted return
/// R = gamma R + r is accumulated, R is added to running statistics, and the reward is divided by their std,
/// sqrt(var + 1e-8), without subtracting the mean, then clipped to +-clip. R restarts at 0 after the episode
/// ends (terminated or truncated), as baselines' VecNormalize, the implementation 001 studies, does.
/// Checkpoints: save <see cref="DiscountedReturns"/> and <see cref="Statistics"/>' Count, Mean and Variance; restore
/// them with <see cref="Import"/>, after which scaling continues exactly as it would have.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class RewardScaler
{
    /// <summary>The 1e-8 under the square root.</summary>
    public const double Epsilon = 1e-8;

    private readonly double[] discountedReturns;

    /// <summary>Creates a scaler for <paramref name="envs"/> copies.</summary>
    public RewardScaler(int envs, double gamma, double clip = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(envs, 1);
        if (!(gamma >= 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must lie in [0, 1].");
        }

        if (!(clip > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(clip), clip, "clip must be > 0.");
        }

        discountedReturns = new double[envs];
        Gamma = gamma;
        Clip = clip;
        Statistics = new RunningMeanStd(1);
    }

    /// <summary>The discount of the accumulated return.</summary>
    public double Gamma { get; }

    /// <summary>The clip bound.</summary>
    public double Clip { get; }

    /// <summary>Running statistics of the discounted returns.</summary>
    public RunningMeanStd Statistics { get; }

    /// <summary>The per-copy discounted returns R (for checkpoints; restore them with <see cref="Import"/>).</summary>
    public ReadOnlySpan<double> DiscountedReturns => discountedReturns;

    /// <summary>
    /// Restores the whole state from a checkpoint: the per-copy discounted returns (one per env copy, finite) and the
    /// statistics of the returns as <see cref="RunningMeanStd.Import"/> takes them (one mean and one variance).
    /// Everything is checked before anything is replaced: a rejected import leaves the scaler unchanged.
    /// </summary>
    public void Import(ReadOnlySpan<double> importedDiscountedReturns, double count, ReadOnlySpan<double> importedMean, ReadOnlySpan<double> importedVariance)
    {
        RequireCopies(importedDiscountedReturns.Length, nameof(importedDiscountedReturns));
        for (int i = 0; i < importedDiscountedReturns.Length; i++)
        {
            double value = importedDiscountedReturns[i];
            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(importedDiscountedReturns),
                    value,
                    $"importedDiscountedReturns[{i}] = {Format(value)}; every discounted return must be finite.");
            }
        }

        // Validates all of its arguments before changing anything, so the returns are copied only once it succeeded.
        Statistics.Import(count, importedMean, importedVariance);
        importedDiscountedReturns.CopyTo(discountedReturns);
    }

    /// <summary>
    /// Scales rewards by the current statistics without changing any state (r / sqrt(var + 1e-8), clipped): how a
    /// frozen policy's samples are scaled as the run would train on them (seed 001's measurements on a checkpoint).
    /// </summary>
    public void ScaleFrozen(ReadOnlySpan<double> rewards, Span<double> destination)
    {
        RequireCopies(rewards.Length, nameof(rewards));
        RequireCopies(destination.Length, nameof(destination));
        double std = Math.Sqrt(Statistics.Variance[0] + Epsilon);
        for (int i = 0; i < rewards.Length; i++)
        {
            destination[i] = Math.Clamp(rewards[i] / std, -Clip, Clip);
        }
    }

    /// <summary>
    /// Scales one step's rewards of every copy into <paramref name="destination"/> (which may be the rewards' own
    /// memory). Every reward must be finite; a rejected step leaves the scaler unchanged.
    /// </summary>
    public void Scale(ReadOnlySpan<double> rewards, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated, Span<double> destination)
    {
        RequireCopies(rewards.Length, nameof(rewards));
        RequireCopies(terminated.Length, nameof(terminated));
        RequireCopies(truncated.Length, nameof(truncated));
        RequireCopies(destination.Length, nameof(destination));

        // One checking pass before any state changes; it also catches a finite reward that overflows R.
        int n = discountedReturns.Length;
        for (int i = 0; i < n; i++)
        {
            double reward = rewards[i];
            double next = (Gamma * discountedReturns[i]) + reward;
            if (!double.IsFinite(next))
            {
                throw new ArgumentException(
                    double.IsFinite(reward)
                        ? $"rewards[{i}] = {Format(reward)} overflows the discounted return of copy {i} ({Format(discountedReturns[i])} before discounting)."
                        : $"rewards[{i}] = {Format(reward)} is not finite; every reward must be finite.",
                    nameof(rewards));
            }
        }

        for (int i = 0; i < n; i++)
        {
            discountedReturns[i] = (Gamma * discountedReturns[i]) + rewards[i];
        }

        Statistics.Update(discountedReturns);
        double std = Math.Sqrt(Statistics.Variance[0] + Epsilon);
        for (int i = 0; i < n; i++)
        {
            destination[i] = Math.Clamp(rewards[i] / std, -Clip, Clip);
            if (terminated[i] || truncated[i])
            {
                discountedReturns[i] = 0;
            }
        }
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private void RequireCopies(int length, string name)
    {
        if (length != discountedReturns.Length)
        {
            throw new ArgumentException($"{name} has {length} values; {discountedReturns.Length} (one per env copy) are needed.", name);
        }
    }
}
