namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// Dot products and norms of flat vectors accumulated in fp64 whatever T is: what the second-order code reports and
/// decides on (residuals, curvature, gradient norms), so that an fp16 run's r^T r cannot underflow to 0 and hide a
/// residual that is still there. Stateless; thread-safe.
/// </summary>
internal static class WideVector
{
    /// <summary>sum x_i y_i in fp64.</summary>
    public static double Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += double.CreateTruncating(x[i]) * double.CreateTruncating(y[i]);
        }

        return sum;
    }

    /// <summary>||x|| in fp64.</summary>
    public static double Norm<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Math.Sqrt(Dot(x, x));
}
