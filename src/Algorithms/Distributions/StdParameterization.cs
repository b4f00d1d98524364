namespace Kernel.Algorithms.Distributions;

/// <summary>How a Gaussian policy's standard deviation sigma is made from its free parameter.</summary>
public enum StdParameterization
{
    /// <summary>sigma = exp(log_std); the parameter is log sigma itself (CleanRL, Stable-Baselines3).</summary>
    LogStd,

    /// <summary>sigma = softplus(rho) + c0 with c0 = <see cref="GaussianOptions.SoftplusOffset"/> (paper 000 appendix A.3, c0 = 0.1).</summary>
    SoftplusOffset,
}
