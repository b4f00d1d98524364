using System.Globalization;

namespace Kernel.Envs;

/// <summary>
/// Constructor options of an env as key=value text (the command line's <c>--option g=9.81</c>), read by typed
/// getters. Every key must be read by the env: <see cref="EnsureAllUsed"/> rejects the ones it does not know.
/// </summary>
public sealed class EnvOptions
{
    private readonly Dictionary<string, string> values;
    private readonly HashSet<string> used = new(StringComparer.Ordinal);
    private readonly List<string> asked = [];

    /// <summary>Creates options from key/value pairs.</summary>
    public EnvOptions(IReadOnlyDictionary<string, string>? values = null)
        => this.values = values is null ? new(StringComparer.Ordinal) : new(values, StringComparer.Ordinal);

    /// <summary>No options: every env's defaults.</summary>
    public static EnvOptions None => new();

    /// <summary>Parses "key=value" items.</summary>
    public static EnvOptions Parse(IEnumerable<string> items)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in items)
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"option '{item}' is not of the form key=value.", nameof(items));
            }

            parsed[item[..equals].Trim()] = item[(equals + 1)..].Trim();
        }

        return new EnvOptions(parsed);
    }

    /// <summary>A finite real option, or <paramref name="fallback"/> when absent.</summary>
    public double GetDouble(string key, double fallback)
    {
        Ask(key);
        if (!values.TryGetValue(key, out string? text))
        {
            return fallback;
        }

        used.Add(key);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new ArgumentException($"option {key} = '{text}': expected a finite number.", key);
        }

        return value;
    }

    /// <summary>A true/false option, or <paramref name="fallback"/> when absent.</summary>
    public bool GetBool(string key, bool fallback)
    {
        Ask(key);
        if (!values.TryGetValue(key, out string? text))
        {
            return fallback;
        }

        used.Add(key);
        return text.ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new ArgumentException($"option {key} = '{text}': expected true or false.", key),
        };
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public string GetChoice(string key, string fallback, params string[] allowed)
    {
        Ask(key);
        if (!values.TryGetValue(key, out string? text))
        {
            return fallback;
        }

        used.Add(key);
        string? match = Array.Find(allowed, a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new ArgumentException($"option {key} = '{text}': expected one of {string.Join(", ", allowed)}.", key);
    }

    /// <summary>Notes a key the env reads, so a refusal can list them.</summary>
    private void Ask(string key)
    {
        if (!asked.Contains(key, StringComparer.Ordinal))
        {
            asked.Add(key);
        }
    }

    /// <summary>Throws if a key was given that <paramref name="envId"/> never read.</summary>
    public void EnsureAllUsed(string envId)
    {
        foreach (string key in values.Keys)
        {
            if (!used.Contains(key))
            {
                string known = asked.Count == 0 ? "it takes no options" : $"its options are {string.Join(", ", asked)}";
                throw new ArgumentException($"{envId} has no option '{key}'; {known}.", key);
            }
        }
    }
}
