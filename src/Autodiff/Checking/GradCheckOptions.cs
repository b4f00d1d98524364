namespace Kernel.Autodiff.Checking;

/// <summary>
/// Tolerances and steps for <see cref="GradCheck"/>. An element passes when
/// |analytic - numeric| &lt;= AbsoluteTolerance + RelativeTolerance * |numeric|.
/// </summary>
/// <param name="AbsoluteTolerance">Absolute part of the bound.</param>
/// <param name="RelativeTolerance">Relative part of the bound.</param>
/// <param name="Step">Central-difference step h in fp64 for gradients and JVPs.</param>
/// <param name="HessianStep">Central-difference step for differencing the gradient in HVP checks.</param>
/// <param name="Seed">Seed of the random projection of non-scalar outputs and of tangents and directions.</param>
public sealed record GradCheckOptions(
    double AbsoluteTolerance,
    double RelativeTolerance,
    double Step = 1e-6,
    double HessianStep = 1e-5,
    int Seed = 12345)
{
    /// <summary>Defaults that fit the precision of the analytic side: tight for fp64, looser for fp32 and fp16.</summary>
    public static GradCheckOptions For<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            return new GradCheckOptions(1e-6, 1e-5);
        }

        return typeof(T) == typeof(float) ? new GradCheckOptions(1e-3, 1e-2) : new GradCheckOptions(5e-2, 5e-2);
    }
}
