namespace Kernel.Algorithms.Distributions;

/// <summary>
/// A diagonal Gaussian N(mu, diag(sigma^2)) over a batch, as tensors on one tape: what
/// <see cref="DiagonalGaussian{T}.Parameters"/> and <see cref="TanhGaussian{T}.Parameters"/> build from a
/// network's outputs, or what <see cref="FromMeanAndStd"/> wraps (e.g. the old policy's stored values).
/// A value; thread-safety as its tape's.
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
/// <param name="Mean">mu = g(f(s) + c), the mean the actions are drawn around, [batch, action_dim].</param>
/// <param name="PreTransformMean">f(s) + c before the mean transform g, [batch, action_dim] (the same tensor as
/// <paramref name="Mean"/> when g is the identity); the <c>mean_outside_box</c> diagnostic reads it.</param>
/// <param name="Std">sigma, [batch, action_dim] (a state-independent sigma is broadcast over the rows).</param>
/// <param name="LogStd">log sigma, [batch, action_dim]; for the log_std parameterisation without a bound it is the
/// parameter itself, not log(exp(.)).</param>
public readonly record struct GaussianParameters<T>(Tensor<T> Mean, Tensor<T> PreTransformMean, Tensor<T> Std, Tensor<T> LogStd)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Rows (batch size).</summary>
    public int BatchSize => Mean.Rows;

    /// <summary>Columns (action dimension m).</summary>
    public int ActionDim => Mean.Columns;

    /// <summary>
    /// Wraps a mean [batch, m] and a std [batch, m] that are already final (no transform), with log sigma = log(std):
    /// the old policy's stored mean and std for a KL, for example.
    /// </summary>
    /// <param name="mean">mu, [batch, m].</param>
    /// <param name="std">sigma &gt; 0, [batch, m].</param>
    public static GaussianParameters<T> FromMeanAndStd(Tensor<T> mean, Tensor<T> std)
    {
        if (mean.Shape != std.Shape || mean.Shape.Rank != 2)
        {
            throw new ArgumentException($"mean {mean.Shape} and std {std.Shape} must both be [batch, action_dim] matrices.", nameof(std));
        }

        return new GaussianParameters<T>(mean, mean, std, std.Log());
    }
}
