using Kernel.Algorithms.Registry;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The value network and its loss: hidden widths, the loss's weight in the combined loss, clipping around the
/// rollout's values, and whether REINFORCE learns one at all (JSON <c>value</c>). Immutable; thread-safe.
/// </summary>
public sealed record ValueOptions
{
    /// <summary>Hidden widths of the value network.</summary>
    [CommandLineName("value-hidden")]
    public IReadOnlyList<int> Hidden { get; init; } = [64, 64];

    /// <summary>Value loss coefficient (one optimiser updates both networks on the combined loss).</summary>
    [CommandLineName("value-coefficient")]
    public double Coefficient { get; init; } = 0.5;

    /// <summary>Whether the value loss is clipped around the rollout's values (001 section 3).</summary>
    public bool ClipValueLoss { get; init; } = true;

    /// <summary>REINFORCE with a learned value baseline.</summary>
    [AppliesTo(SettingScopes.Baseline)]
    public bool ReinforceBaseline { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range (snake_case name, value, what is allowed).</summary>
    public void Validate()
    {
        SettingCheck.Require(Hidden.All(w => w >= 1), "value_hidden", string.Join(",", Hidden), "widths of at least 1");
        SettingCheck.Require(Coefficient >= 0 && double.IsFinite(Coefficient), "value_coefficient", Coefficient, "finite and >= 0");
    }
}
