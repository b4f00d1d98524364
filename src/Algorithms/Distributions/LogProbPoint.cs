namespace Kernel.Algorithms.Distributions;

/// <summary>Where a sampled Gaussian action's log-prob is evaluated (DESIGN "Actions").</summary>
public enum LogProbPoint
{
    /// <summary>At phi(a) = clip(a, low, high), the action the env received (paper 000 section 3; Stable-Baselines3).</summary>
    ClippedAction,

    /// <summary>At the raw sample a ~ N(mu, sigma), before clipping (CleanRL).</summary>
    RawSample,
}
