namespace Kernel.Algorithms.Distributions;

/// <summary>
/// The options of a <see cref="DiagonalGaussian{T}"/> policy (DESIGN "Policies and losses"; paper 000 section 5,
/// appendix A). The defaults are the plain PPO setting: log_std, no lower bound, no mean transform, no shift,
/// log-probs at the clipped action. Immutable; thread-safe.
/// </summary>
public sealed record GaussianOptions
{
    /// <summary>c0 of paper 000 appendix A.3: sigma = softplus(rho) + 0.1.</summary>
    public const double PaperSoftplusOffset = 0.1;

    /// <summary>The std lower bound of rllab (paper 000 Table 5).</summary>
    public const double RllabStdLowerBound = 1e-6;

    /// <summary>The std lower bound of TorchRL (paper 000 Table 5).</summary>
    public const double TorchRlStdLowerBound = 1e-4;

    /// <summary>c of paper 000 appendix A.2: mu(s) = f(s) + 100 pushes the mean out of the box on purpose.</summary>
    public const double PaperMeanShift = 100;

    /// <summary>How sigma is made from its parameter (default <see cref="StdParameterization.LogStd"/>).</summary>
    public StdParameterization Std { get; init; } = StdParameterization.LogStd;

    /// <summary>
    /// c0 in sigma = softplus(rho) + c0, used with <see cref="StdParameterization.SoftplusOffset"/>; must be finite
    /// and &gt; 0 (checked whatever <see cref="Std"/> is), since it is the floor that keeps sigma away from 0
    /// (default 0.1, paper 000 A.3).
    /// </summary>
    public double SoftplusOffset { get; init; } = PaperSoftplusOffset;

    /// <summary>
    /// Optional lower bound b on sigma: sigma = max(sigma, b) (for log_std: log sigma = max(log_std, log b)); the
    /// gradient is zero where the bound is active. Null (the default, Stable-Baselines3) means none; rllab uses
    /// 1e-6 and TorchRL 1e-4 (paper 000 Table 5). Must be &gt; 0 when set.
    /// </summary>
    public double? StdLowerBound { get; init; }

    /// <summary>The mean transform g (default <see cref="MeanTransform.None"/>); Clip and Tanh need a finite box.</summary>
    public MeanTransform MeanTransform { get; init; } = MeanTransform.None;

    /// <summary>
    /// The constant c in mu(s) = g(f(s) + c), added before the transform (default 0; 100 in paper 000 A.2 to provoke
    /// the overflow on purpose). Must be finite.
    /// </summary>
    public double MeanShift { get; init; }

    /// <summary>Where sampled actions' log-probs are evaluated (default <see cref="LogProbPoint.ClippedAction"/>, paper 000's setting).</summary>
    public LogProbPoint LogProbAt { get; init; } = LogProbPoint.ClippedAction;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Std))
        {
            throw new ArgumentOutOfRangeException(nameof(Std), Std, "Std must be LogStd or SoftplusOffset.");
        }

        if (!(SoftplusOffset > 0) || double.IsInfinity(SoftplusOffset))
        {
            throw new ArgumentOutOfRangeException(nameof(SoftplusOffset), SoftplusOffset, "SoftplusOffset (c0) must be finite and > 0 (paper 000 A.3 uses 0.1).");
        }

        if (StdLowerBound is { } bound && (!(bound > 0) || double.IsInfinity(bound)))
        {
            throw new ArgumentOutOfRangeException(nameof(StdLowerBound), bound, "StdLowerBound must be finite and > 0 (e.g. 1e-6 or 1e-4), or null for none.");
        }

        if (!Enum.IsDefined(MeanTransform))
        {
            throw new ArgumentOutOfRangeException(nameof(MeanTransform), MeanTransform, "MeanTransform must be None, Clip or Tanh.");
        }

        if (!double.IsFinite(MeanShift))
        {
            throw new ArgumentOutOfRangeException(nameof(MeanShift), MeanShift, "MeanShift must be finite.");
        }

        if (!Enum.IsDefined(LogProbAt))
        {
            throw new ArgumentOutOfRangeException(nameof(LogProbAt), LogProbAt, "LogProbAt must be ClippedAction or RawSample.");
        }
    }
}
