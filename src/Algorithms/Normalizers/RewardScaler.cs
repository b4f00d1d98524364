namespace Kernel.Algorithms.Normalizers;

/// <summary>
/// Reward scaling of seed 001 appendix Algorithm 1 with 9.2.1's clipping: per env copy a discounted return
/// R = gamma R + r is accumulated, R is added to running statistics, and the reward is divided by their std,
/// sqrt(var + 1e-8), without subtracting the mean, then clipped to +-clip. R restarts at 0 after the episode
/// ends (terminated or truncated), as baselines' VecNormalize, the implementation 001 studies, does.
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

    /// <summary>The per-copy discounted returns (for checkpoints).</summary>
    public Span<double> DiscountedReturns => discountedReturns;

    /// <summary>Scales one step's rewards of every copy into <paramref name="destination"/>.</summary>
    public void Scale(ReadOnlySpan<double> rewards, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated, Span<double> destination)
    {
        int n = discountedReturns.Length;
        if (rewards.Length != n || terminated.Length != n || truncated.Length != n || destination.Length != n)
        {
            throw new ArgumentException($"rewards, terminated, truncated and destination need {n} values each (one per copy); got {rewards.Length}, {terminated.Length}, {truncated.Length}, {destination.Length}.", nameof(rewards));
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
}
