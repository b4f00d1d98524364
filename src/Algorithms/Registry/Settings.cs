using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>
/// Every setting of <see cref="TrainConfig"/>, found by reflection over its init properties and those of its option
/// records, at any depth (a property whose type is a record with init properties of its own is a record, not a
/// setting), and what
/// applies to a given algorithm and env. JSON names are snake_case; command-line names are kebab case, with an
/// option record's prefix when it has a <see cref="CommandLineNameAttribute"/> (vmpo-) and the property's own
/// <see cref="CommandLineNameAttribute"/> where an older name is kept.
/// Thread-safety: immutable.
/// </summary>
public static class Settings
{
    /// <summary>All settings, in declaration order.</summary>
    public static IReadOnlyList<Setting> All { get; } = Collect(typeof(TrainConfig), [], string.Empty, string.Empty, SettingScopes.None);

    /// <summary>The dotted keys of the option records (JSON objects inside config.json, e.g. <c>policy</c> and <c>policy.gaussian</c>).</summary>
    public static IReadOnlySet<string> Records { get; } = new HashSet<string>(
        All.SelectMany(s => Enumerable.Range(1, s.Path.Count - 1).Select(depth => string.Join('.', s.Key.Split('.')[..depth]))),
        StringComparer.Ordinal);

    /// <summary>Keys config.json holds that are computed, not set (written for readers; ignored when read).</summary>
    public static IReadOnlySet<string> Computed { get; } = new HashSet<string>(
        typeof(TrainConfig).GetProperties().Where(p => p.SetMethod is null && p.GetCustomAttribute<JsonIgnoreAttribute>() is null).Select(p => JsonName(p)),
        StringComparer.Ordinal);

    /// <summary>The scopes of <paramref name="algorithm"/> run on an env with <paramref name="boxActions"/> (or discrete) actions.</summary>
    public static SettingScopes ScopesOf(Algorithm algorithm, bool boxActions)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        SettingScopes trainer = algorithm.Trainer == TrainerRecipe.ActorCritic ? SettingScopes.ActorCritic : SettingScopes.None;
        return algorithm.Scopes | trainer | (boxActions ? SettingScopes.BoxActions : SettingScopes.None);
    }

    /// <summary>Whether <paramref name="setting"/> applies within <paramref name="scopes"/>.</summary>
    public static bool AppliesWithin(Setting setting, SettingScopes scopes)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return (setting.Scopes & scopes) == setting.Scopes;
    }

    /// <summary>Who <paramref name="scopes"/> covers, in words: the algorithms with those scopes, and box action spaces.</summary>
    public static string Describe(SettingScopes scopes)
    {
        SettingScopes algorithmScopes = scopes & ~SettingScopes.BoxActions;
        string algorithms = algorithmScopes == SettingScopes.None ? string.Empty
            : string.Join(", ", AlgorithmRegistry.All.Where(a => (ScopesOf(a, boxActions: false) & algorithmScopes) == algorithmScopes).Select(a => a.Name));
        string box = (scopes & SettingScopes.BoxActions) != 0 ? "box (continuous) action spaces" : string.Empty;
        return string.Join(" on ", new[] { algorithms, box }.Where(part => part.Length > 0));
    }

    /// <summary>The JSON name of a property (snake_case).</summary>
    public static string JsonName(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
    }

    /// <summary>How an enum setting's value is spelt in config.json, on the command line and in run names: kebab case (fp32, ilgpu-cpu, log-space).</summary>
    public static string NameOf(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
    }

    /// <summary>The spellings of <paramref name="enumType"/>'s values, in declaration order.</summary>
    public static IEnumerable<string> NamesOf(Type enumType)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        return Enum.GetValues(enumType).Cast<Enum>().Select(NameOf);
    }

    /// <summary>The value of <typeparamref name="TEnum"/> spelt <paramref name="text"/> (see <see cref="NameOf"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No value is spelt so; the message names <paramref name="key"/>, the text and the spellings allowed.</exception>
    public static TEnum Parse<TEnum>(string key, string text)
        where TEnum : struct, Enum
    {
        foreach (TEnum value in Enum.GetValues<TEnum>())
        {
            if (NameOf(value) == text)
            {
                return value;
            }
        }

        throw new ArgumentOutOfRangeException(key, text, $"{key} = {text}: must be one of {string.Join(", ", NamesOf(typeof(TEnum)))}.");
    }

    /// <summary>Whether two setting values are equal (lists element by element).</summary>
    public static bool SameValue(object? a, object? b)
        => a is IEnumerable first && b is IEnumerable second && a is not string
            ? first.Cast<object>().SequenceEqual(second.Cast<object>())
            : Equals(a, b);

    private static List<Setting> Collect(Type type, PropertyInfo[] parents, string keyPrefix, string optionPrefix, SettingScopes scopes)
    {
        var settings = new List<Setting>();
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsInit))
        {
            SettingScopes own = scopes | (property.GetCustomAttribute<AppliesToAttribute>()?.Scopes ?? SettingScopes.None);
            string key = keyPrefix + JsonName(property);
            string? renamed = property.GetCustomAttribute<CommandLineNameAttribute>()?.Name;
            if (property.PropertyType.GetProperties().Any(IsInit) && !property.PropertyType.IsValueType)
            {
                string prefix = renamed is null ? optionPrefix : $"{optionPrefix}{renamed}-";
                settings.AddRange(Collect(property.PropertyType, [.. parents, property], key + ".", prefix, own));
            }
            else
            {
                string option = optionPrefix + (renamed ?? JsonNamingPolicy.KebabCaseLower.ConvertName(property.Name));
                settings.Add(new Setting(key, option, [.. parents, property], own));
            }
        }

        return settings;
    }

    private static bool IsInit(PropertyInfo property)
        => property.SetMethod is { } setter && setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
}
