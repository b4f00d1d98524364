namespace Kernel.Algorithms.Distributions;

/// <summary>How <see cref="TanhGaussian{T}"/> computes log(1 - tanh(u)^2), the log-det of the squashing (paper 000 eq 5).</summary>
public enum TanhLogDetMode
{
    /// <summary>
    /// 2 (log 2 - u - softplus(-2u)): exact algebra, finite wherever its value (about 2 log 2 - 2|u| at large |u|) is
    /// representable in the run's precision. The default.
    /// </summary>
    Stable,

    /// <summary>
    /// log(1 - tanh(u)^2) as written. tanh(u) rounds to +-1 for |u| above about 9 in fp32 (4.5 in fp16, 19 in fp64),
    /// giving log 0 = -inf and a log-prob of +inf: kept on purpose to reproduce eq 5's failure.
    /// </summary>
    Naive,
}
