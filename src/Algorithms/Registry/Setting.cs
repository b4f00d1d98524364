using System.Reflection;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>
/// One setting of a <see cref="TrainConfig"/>: a leaf property, possibly inside an option record (trust_region,
/// vmpo, policy). Written once, as the property with its doc comment and attributes; the command line, the strict
/// config reader and the applicability check are derived from it (<see cref="Settings"/>).
/// </summary>
/// <param name="Key">The JSON path with dots, e.g. <c>num_envs</c> or <c>trust_region.max_kl</c> (how messages name it).</param>
/// <param name="OptionName">The command-line option without dashes, e.g. <c>envs</c> or <c>max-kl</c>.</param>
/// <param name="Path">The properties from <see cref="TrainConfig"/> down to the setting.</param>
/// <param name="Scopes">The algorithm and env scopes the setting needs (<see cref="SettingScopes.None"/>: all).</param>
public sealed record Setting(string Key, string OptionName, IReadOnlyList<PropertyInfo> Path, SettingScopes Scopes)
{
    /// <summary>
    /// The name messages give the setting, as the records' Validate does: the more specific of its JSON name and its
    /// command-line name, in snake case (num_envs rather than envs, policy_hidden rather than hidden, vmpo_eta_init).
    /// </summary>
    public string Name => OptionName.Length >= Key.Split('.')[^1].Length ? OptionName.Replace('-', '_') : Key.Split('.')[^1];

    /// <summary>The setting's property (the last of <see cref="Path"/>).</summary>
    public PropertyInfo Property => Path[^1];

    /// <summary>The value's type with nullability stripped.</summary>
    public Type ValueType => Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;

    /// <summary>Whether null is a meaningful value ("none").</summary>
    public bool IsOptional => Nullable.GetUnderlyingType(Property.PropertyType) is not null;

    /// <summary>The setting's value in <paramref name="config"/>.</summary>
    public object? ValueIn(TrainConfig config)
    {
        object? value = config;
        foreach (PropertyInfo property in Path)
        {
            value = property.GetValue(value);
        }

        return value;
    }
}
