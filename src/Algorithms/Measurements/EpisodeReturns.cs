namespace Kernel.Algorithms.Measurements;

/// <summary>What <see cref="EpisodeReturnSampler{T}.Sample"/> found.</summary>
/// <param name="Mean">The mean undiscounted, unscaled return of the episodes counted (NaN when none finished).</param>
/// <param name="Episodes">Episodes counted.</param>
/// <param name="Steps">Env steps taken, all copies.</param>
public readonly record struct EpisodeReturns(double Mean, int Episodes, long Steps);
