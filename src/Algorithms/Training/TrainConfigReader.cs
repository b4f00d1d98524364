using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Registry;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Reads configurations strictly, from config.json text and from command-line values alike: an unknown key (a
/// misspelt or wrongly cased one included), a null where the setting has no "none", a value of the wrong type, a
/// value out of range, and a setting that does not apply to the chosen algorithm or env (<see cref="AppliesToAttribute"/>)
/// are each refused with a <see cref="ConfigException"/> whose one-line message names the key. A setting outside the
/// algorithm's scopes is refused when it is given explicitly, or when a file sets it to anything but the algorithm's
/// default (config.json files written by a run hold every key).
/// Thread-safety: stateless.
/// </summary>
public static class TrainConfigReader
{
    /// <summary>Reads config.json text; settings missing from it take the defaults of its algorithm.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="overrides">Settings given on top of the file (command-line values by <see cref="Setting.Key"/>), applied before the checks.</param>
    /// <exception cref="ConfigException">The text or an override is refused (the message names the key).</exception>
    public static TrainConfig Read(string json, IReadOnlyDictionary<string, string>? overrides = null)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw ConfigException.Unreadable("not a valid configuration (it must hold one JSON object of settings).");
        }
        catch (JsonException exception)
        {
            throw ConfigException.Unreadable($"not a valid configuration ({exception.Message.Split(" Path:", 2)[0]}).");
        }

        root = LegacyConfigLayout.IsLegacy(root) ? LegacyConfigLayout.Nest(root) : root;
        CheckKeys(root, string.Empty);
        overrides ??= new Dictionary<string, string>();

        // Settings the file leaves out take the defaults of its algorithm (of an --algo given over it), not PPO's.
        string algorithm = overrides.GetValueOrDefault("algo") ?? (root["algo"] as JsonValue)?.GetValue<string>() ?? "ppo";
        if (!AlgorithmRegistry.Contains(algorithm))
        {
            throw ConfigException.OutOfRange("algo", algorithm, $"one of {AlgorithmRegistry.Names}");
        }

        JsonObject merged = JsonSerializer.SerializeToNode(AlgorithmRegistry.Defaults(algorithm), TrainingRun.JsonOptions)!.AsObject();
        Overlay(merged, root);
        return Finish(merged, overrides, fromFile: true);
    }

    /// <summary>The defaults of <paramref name="algorithm"/> with <paramref name="overrides"/> (command-line values by <see cref="Setting.Key"/>) applied.</summary>
    /// <exception cref="ConfigException">The algorithm is unknown or a value is refused (the message names the key).</exception>
    public static TrainConfig FromDefaults(string algorithm, IReadOnlyDictionary<string, string> overrides)
    {
        if (!AlgorithmRegistry.Contains(algorithm))
        {
            throw ConfigException.OutOfRange("algo", algorithm, $"one of {AlgorithmRegistry.Names}");
        }

        return Finish(JsonSerializer.SerializeToNode(AlgorithmRegistry.Defaults(algorithm), TrainingRun.JsonOptions)!.AsObject(), overrides, fromFile: false);
    }

    /// <summary>Applies the overrides, deserialises, validates and checks that every setting applies.</summary>
    private static TrainConfig Finish(JsonObject root, IReadOnlyDictionary<string, string> overrides, bool fromFile)
    {
        foreach ((string key, string text) in overrides)
        {
            Setting setting = Settings.All.FirstOrDefault(s => s.Key == key) ?? throw new ConfigException(key, "not a setting.");
            JsonObject parent = root;
            foreach (string part in key.Split('.')[..^1])
            {
                parent = parent[part] as JsonObject ?? (JsonObject)(parent[part] = new JsonObject());
            }

            parent[key.Split('.')[^1]] = Parse(setting, text);
        }

        TrainConfig config;
        try
        {
            config = root.Deserialize<TrainConfig>(TrainingRun.JsonOptions) ?? throw ConfigException.Unreadable("the file holds null, not a configuration.");
        }
        catch (JsonException exception)
        {
            string key = exception.Path is { Length: > 2 } path ? path[2..] : "config";
            throw new ConfigException(key, Settings.All.FirstOrDefault(s => s.Key == key) is { } setting
                ? $"expected {Expected(setting)}."
                : exception.Message.Split(" Path:", 2)[0]);
        }

        try
        {
            config.Validate();
        }
        catch (ArgumentOutOfRangeException exception)
        {
            throw ConfigException.FromValidation(exception);
        }

        if (!Kernel.Envs.Envs.Registered.Any(r => r.Id == config.Env))
        {
            throw ConfigException.OutOfRange("env", config.Env, $"one of {string.Join(", ", Kernel.Envs.Envs.Registered.Select(r => r.Id))} (kernel envs list)");
        }

        CheckApplicable(config, fromFile ? null : overrides.Keys.ToHashSet(StringComparer.Ordinal));
        return config;
    }

    /// <summary>Refuses settings outside the algorithm's and env's scopes: those in <paramref name="given"/>, or (when null) those that differ from the algorithm's defaults.</summary>
    private static void CheckApplicable(TrainConfig config, HashSet<string>? given)
    {
        Algorithm algorithm = AlgorithmRegistry.Get(config.Algo);
        bool box;
        Kernel.Envs.IEnv env;
        try
        {
            env = config.MakeEnv(); // the env reads its own options and refuses the keys it does not know
        }
        catch (ArgumentException exception)
        {
            throw new ConfigException("env_options", exception.Message.Split(" (Parameter", 2)[0], exception);
        }

        using (env)
        {
            box = env.ActionSpace is Kernel.Envs.BoxSpace;
        }

        SettingScopes scopes = Settings.ScopesOf(algorithm, box);
        TrainConfig defaults = algorithm.Defaults(new TrainConfig { Algo = config.Algo });
        foreach (Setting setting in Settings.All.Where(s => !Settings.AppliesWithin(s, scopes)))
        {
            bool set = given?.Contains(setting.Key) ?? !Settings.SameValue(setting.ValueIn(config), setting.ValueIn(defaults));
            if (set)
            {
                string why = (setting.Scopes & SettingScopes.BoxActions) != 0 && !box
                    ? $"env {config.Env}, whose actions are discrete"
                    : $"algo {config.Algo}";
                // Name only the scopes the run lacks: a Gaussian setting on a discrete env is about the env, not the trainer.
                throw new ConfigException(setting.Key, $"does not apply to {why} (it applies to {Settings.Describe(setting.Scopes & ~scopes)}).");
            }
        }
    }

    /// <summary>Copies every value of <paramref name="source"/> over <paramref name="target"/>, option records key by key.</summary>
    private static void Overlay(JsonObject target, JsonObject source)
    {
        foreach ((string name, JsonNode? value) in source.ToArray())
        {
            if (value is JsonObject record && target[name] is JsonObject own)
            {
                Overlay(own, record);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    /// <summary>Refuses unknown keys, nulls where there is no "none", and option records that are not objects.</summary>
    private static void CheckKeys(JsonObject node, string prefix)
    {
        foreach ((string name, JsonNode? value) in node)
        {
            string key = prefix + name;
            if (Settings.All.FirstOrDefault(s => s.Key == key) is { } setting)
            {
                if (value is null && !setting.IsOptional)
                {
                    throw new ConfigException(key, $"null is not allowed; expected {Expected(setting)}.");
                }
            }
            else if (Settings.Records.Contains(key))
            {
                CheckKeys(value as JsonObject ?? throw new ConfigException(key, "expected an object of settings."), key + ".");
            }
            else if (!(prefix.Length == 0 && Settings.Computed.Contains(name)))
            {
                string? near = Settings.All.Select(s => s.Key).Concat(Settings.Records).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
                    ?? Settings.All.Select(s => s.Key).FirstOrDefault(k => string.Equals(k.Split('.')[^1], name, StringComparison.OrdinalIgnoreCase)); // put in the wrong record
                throw new ConfigException(key, near is null ? "not a setting (kernel train --help lists them)." : $"not a setting; did you mean {near}?");
            }
        }
    }

    /// <summary>A command-line value as JSON of the setting's type; "none" (or 0) is null for a setting that may be absent.</summary>
    private static JsonNode? Parse(Setting setting, string text)
    {
        Type type = setting.ValueType;
        if (setting.IsOptional && text is "none" or "0")
        {
            return null;
        }

        JsonNode? node = type switch
        {
            _ when type == typeof(string) => JsonValue.Create(text),
            _ when type == typeof(bool) => text is "true" or "false" ? JsonValue.Create(text == "true") : null,
            _ when type == typeof(MinibatchSize) => text == MinibatchSize.FullBatchName ? JsonValue.Create(text) : Number(text),
            _ when type.IsEnum => Settings.NamesOf(type).Contains(text) ? JsonValue.Create(text) : null,
            _ when type == typeof(IReadOnlyList<int>) => Widths(text),
            _ when type == typeof(IReadOnlyDictionary<string, string>) => KeyValues(text),
            _ => Number(text),
        };
        return node ?? throw ConfigException.OutOfRange(setting.Key, setting.Name, text, Expected(setting));
    }

    private static JsonNode? Number(string text)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? JsonNode.Parse(text.TrimStart('+')) : null;

    private static JsonArray? Widths(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        return parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int width) && width >= 1) ? new JsonArray([.. parts.Select(p => (JsonNode)JsonValue.Create(int.Parse(p, CultureInfo.InvariantCulture)))]) : null;
    }

    /// <summary>"key=value" items separated by commas (the command line joins a repeated option so) as a JSON object of strings.</summary>
    private static JsonObject? KeyValues(string text)
    {
        var result = new JsonObject();
        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            result[item[..equals].Trim()] = item[(equals + 1)..].Trim();
        }

        return result;
    }

    /// <summary>What a setting accepts, in words.</summary>
    public static string Expected(Setting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        Type type = setting.ValueType;
        string what = type == typeof(bool) ? "true or false"
            : type == typeof(string) ? "a string"
            : type == typeof(MinibatchSize) ? $"a count or {MinibatchSize.FullBatchName}"
            : type.IsEnum ? "one of " + string.Join(", ", Settings.NamesOf(type))
            : type == typeof(IReadOnlyList<int>) ? "comma-separated widths of at least 1, e.g. 64,64"
            : type == typeof(IReadOnlyDictionary<string, string>) ? "key=value items, the option repeated or comma-separated, e.g. dt=0.01"
            : type == typeof(double) ? "a number"
            : "an integer";
        return setting.IsOptional ? what + " (0 or none: absent)" : what;
    }
}
