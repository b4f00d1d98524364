namespace Kernel.Algorithms.Registry;

/// <summary>Marks a setting (a property of <see cref="Training.TrainConfig"/> or of its option records) as applying only within <see cref="Scopes"/>.</summary>
/// <param name="scopes">The algorithm or env scopes the setting needs (all of them).</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AppliesToAttribute(SettingScopes scopes) : Attribute
{
    /// <summary>The scopes the setting needs.</summary>
    public SettingScopes Scopes => scopes;
}
