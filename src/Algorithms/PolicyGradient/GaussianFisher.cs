using Kernel.Algorithms.Distributions;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// The diagonal Gaussian's Fisher information in (mean, log sigma) coordinates, shared by the plain and squashed
/// heads: diag(1/sigma^2) for the mean and 2 for each log sigma, no cross terms (the squashed head's KL, and so its
/// Fisher, is the pre-squash Gaussian's).
/// </summary>
internal static class GaussianFisher
{
    /// <summary>[mean | log sigma], [batch, 2m].</summary>
    public static Tensor<T> Coordinates<T>(in GaussianParameters<T> distribution)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => distribution.Mean.ConcatColumns(distribution.LogStd);

    /// <summary>[t_mean / sigma^2 | 2 t_log_sigma] for a tangent [batch, 2m].</summary>
    public static Tensor<T> Apply<T>(in GaussianParameters<T> distribution, Tensor<T> tangent)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int m = distribution.ActionDim;
        Tensor<T> meanPart = tangent.SliceColumns(0, m).Divide(distribution.Std.Square());
        Tensor<T> scalePart = tangent.SliceColumns(m, m).MultiplyScalar(T.CreateChecked(2));
        return meanPart.ConcatColumns(scalePart);
    }
}
