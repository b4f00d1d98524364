using System.Globalization;

namespace Kernel.Algorithms;

/// <summary>The one message format of every settings record's Validate: "name = value: must be allowed".</summary>
internal static class SettingCheck
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for <paramref name="name"/> (snake_case) unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string name, object? value, string allowed)
    {
        if (!condition)
        {
            string text = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "null";
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {text}: must be {allowed}.");
        }
    }
}
