using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Registry;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The policy network and its action distribution: hidden widths, the Gaussian's initial std, options and tanh
/// squashing on box action spaces, and the entropy bonus (JSON <c>policy</c>). Immutable; thread-safe.
/// </summary>
public sealed record PolicyOptions
{
    /// <summary>Hidden widths of the policy network.</summary>
    [CommandLineName("policy-hidden")]
    public IReadOnlyList<int> Hidden { get; init; } = [64, 64];

    /// <summary>Initial standard deviation of a Gaussian policy.</summary>
    [AppliesTo(SettingScopes.BoxActions)]
    public double InitialStd { get; init; } = 1.0;

    /// <summary>Gaussian policy options (std parameterisation and bound, mean transform and shift, log-prob point).</summary>
    [AppliesTo(SettingScopes.BoxActions)]
    public GaussianOptions Gaussian { get; init; } = new();

    /// <summary>
    /// Squash box actions with tanh (000 eq 5) instead of clipping a Gaussian sample: the policy is then a
    /// <see cref="TanhGaussian{T}"/> built from <see cref="Gaussian"/>'s std parameterisation, lower bound and mean
    /// shift (its mean transform must be none and its log-prob point does not apply).
    /// </summary>
    [AppliesTo(SettingScopes.BoxActions)]
    public bool Squash { get; init; }

    /// <summary>Entropy bonus coefficient.</summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    public double EntropyCoefficient { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range (snake_case name, value, what is allowed).</summary>
    public void Validate()
    {
        SettingCheck.Require(Hidden.All(w => w >= 1), "policy_hidden", string.Join(",", Hidden), "widths of at least 1");
        SettingCheck.Require(InitialStd > 0 && double.IsFinite(InitialStd), "initial_std", InitialStd, "finite and > 0");
        SettingCheck.Require(EntropyCoefficient >= 0 && double.IsFinite(EntropyCoefficient), "entropy_coefficient", EntropyCoefficient, "finite and >= 0");
        Gaussian.Validate();
        SettingCheck.Require(!Squash || Gaussian.MeanTransform == MeanTransform.None, "mean_transform", Gaussian.MeanTransform, "none when squash is on (tanh squashing replaces the mean transform)");
    }
}
