using System.Globalization;
using System.Xml.Linq;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>
/// Writes MJCF attribute values: doubles in round-trip form (MuJoCo parses them back to the same bits), space
/// separated lists, MJCF's lower-case keywords. An absent (null) value writes no attribute, leaving MuJoCo's
/// default or the &lt;default&gt; class in force.
/// Thread-safety: stateless.
/// </summary>
internal static class MjcfFormat
{
    /// <summary>One number in round-trip form.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"MJCF value {value} is not finite.", nameof(value));
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Numbers separated by spaces.</summary>
    public static string Numbers(params ReadOnlySpan<double> values)
    {
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            parts[i] = Number(values[i]);
        }

        return string.Join(" ", parts);
    }

    /// <summary>MJCF's true/false.</summary>
    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Adds <paramref name="name"/>=<paramref name="value"/> if the value is given.</summary>
    public static void Add(XElement element, string name, string? value)
    {
        if (value is not null)
        {
            element.SetAttributeValue(name, value);
        }
    }

    /// <summary>Adds a number attribute if given.</summary>
    public static void Add(XElement element, string name, double? value) => Add(element, name, value is { } v ? Number(v) : null);

    /// <summary>Adds an integer attribute if given.</summary>
    public static void Add(XElement element, string name, int? value) => Add(element, name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a true/false attribute if given.</summary>
    public static void Add(XElement element, string name, bool? value) => Add(element, name, value is { } v ? Bool(v) : null);

    /// <summary>Adds a list attribute if given.</summary>
    public static void Add(XElement element, string name, IReadOnlyList<double>? values)
        => Add(element, name, values is null ? null : Numbers([.. values]));

    /// <summary>Adds a vector attribute if given.</summary>
    public static void Add(XElement element, string name, MjcfVec3? value) => Add(element, name, value?.ToString());

    /// <summary>Adds a (low, high) range attribute if given.</summary>
    public static void Add(XElement element, string name, (double Low, double High)? value)
        => Add(element, name, value is { } v ? Numbers(v.Low, v.High) : null);
}
