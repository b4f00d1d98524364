namespace Kernel.Algorithms.Distributions;

/// <summary>
/// The options of a <see cref="TanhGaussian{T}"/> policy: the std parameterisation and bound of
/// <see cref="GaussianOptions"/>, a mean shift for provoking saturation, and the log-det formula. Immutable; thread-safe.
/// </summary>
public sealed record TanhGaussianOptions
{
    /// <summary>How sigma is made from its parameter (default <see cref="StdParameterization.LogStd"/>).</summary>
    public StdParameterization Std { get; init; } = StdParameterization.LogStd;

    /// <summary>c0 in sigma = softplus(rho) + c0 (default 0.1, paper 000 A.3); must be finite and &gt; 0.</summary>
    public double SoftplusOffset { get; init; } = GaussianOptions.PaperSoftplusOffset;

    /// <summary>Optional lower bound on sigma, as <see cref="GaussianOptions.StdLowerBound"/> (null: none).</summary>
    public double? StdLowerBound { get; init; }

    /// <summary>Constant c added to the pre-squash mean, mu_u = f(s) + c (default 0); a large c saturates tanh (000 eq 5).</summary>
    public double MeanShift { get; init; }

    /// <summary>How log(1 - tanh(u)^2) is computed (default <see cref="TanhLogDetMode.Stable"/>).</summary>
    public TanhLogDetMode LogDet { get; init; } = TanhLogDetMode.Stable;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        new GaussianOptions { Std = Std, SoftplusOffset = SoftplusOffset, StdLowerBound = StdLowerBound, MeanShift = MeanShift }.Validate();
        if (!Enum.IsDefined(LogDet))
        {
            throw new ArgumentOutOfRangeException(nameof(LogDet), LogDet, "LogDet must be Stable or Naive.");
        }
    }
}
