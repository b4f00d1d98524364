using System.Text.Json.Nodes;
using Kernel.Algorithms.Registry;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The config.json layout written before the settings were split into one record per concern (run directories and
/// checkpoints of earlier versions): every setting at the top level under its own name, except the option records
/// <c>policy</c> (the Gaussian's options, now <c>policy.gaussian</c>), <c>trust_region</c> and <c>vmpo</c>, and four
/// settings since renamed inside their record. <see cref="TrainConfigReader"/> moves such a file's keys to where
/// the settings live now, so an old run still resumes and an old config.json still starts a run.
/// Thread-safety: stateless.
/// </summary>
internal static class LegacyConfigLayout
{
    private static readonly HashSet<string> OldRecords = new(StringComparer.Ordinal) { "policy", "trust_region", "vmpo" };

    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["policy.hidden"] = "policy_hidden",
        ["value.hidden"] = "value_hidden",
        ["value.coefficient"] = "value_coefficient",
        ["optimizer.kind"] = "optimizer",
    };

    /// <summary>Whether <paramref name="root"/> is in the old layout: a setting that now lives in a record stands at the top level, and no record the old layout lacked is there.</summary>
    public static bool IsLegacy(JsonObject root)
        => !root.Any(pair => pair.Value is JsonObject && Settings.Records.Contains(pair.Key) && !OldRecords.Contains(pair.Key))
            && Settings.All.Any(setting => OldKey(setting) is var old && old != setting.Key && !old.Contains('.', StringComparison.Ordinal)
            && root.TryGetPropertyValue(old, out JsonNode? node) && node is not JsonObject);

    /// <summary>A copy of <paramref name="root"/> with every setting of the old layout at its current key; keys the old layout did not know stay where they are (so they are refused or, if computed, ignored as before).</summary>
    public static JsonObject Nest(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        JsonObject old = root.DeepClone().AsObject();
        var nested = new JsonObject();
        foreach (Setting setting in Settings.All)
        {
            string[] from = OldKey(setting).Split('.');
            JsonObject? parent = from.Length == 1 ? old : old[from[0]] as JsonObject;
            if (parent is null || !parent.ContainsKey(from[^1]))
            {
                continue;
            }

            JsonNode? value = parent[from[^1]];
            parent.Remove(from[^1]);
            JsonObject target = nested;
            string[] to = setting.Key.Split('.');
            foreach (string part in to[..^1])
            {
                target = target[part] as JsonObject ?? (JsonObject)(target[part] = new JsonObject());
            }

            target[to[^1]] = value;
        }

        // What is left is unknown to the old layout (or computed): it stays where it was, so the reader refuses it
        // by name (or ignores a computed key) as it would have.
        foreach ((string name, JsonNode? rest) in old.ToArray())
        {
            old.Remove(name);
            if (rest is JsonObject record && nested[name] is JsonObject own)
            {
                foreach ((string key, JsonNode? value) in record.ToArray())
                {
                    record.Remove(key);
                    own[key] = value;
                }
            }
            else if (rest is not JsonObject { Count: 0 })
            {
                nested[name] = rest;
            }
        }

        return nested;
    }

    /// <summary>Where <paramref name="setting"/> stood in the old layout.</summary>
    private static string OldKey(Setting setting)
    {
        if (Renamed.TryGetValue(setting.Key, out string? renamed))
        {
            return renamed;
        }

        string[] parts = setting.Key.Split('.');
        return parts switch
        {
            ["policy", "gaussian", string leaf] => "policy." + leaf,
            ["trust_region" or "vmpo", _] => setting.Key,
            _ => parts[^1],
        };
    }
}
