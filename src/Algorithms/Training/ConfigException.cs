namespace Kernel.Algorithms.Training;

/// <summary>A configuration refused by <see cref="TrainConfigReader"/>: the message is one line, "key: why".</summary>
public sealed class ConfigException : ArgumentException
{
    /// <summary>Refuses <paramref name="key"/> for <paramref name="reason"/>.</summary>
    public ConfigException(string key, string reason, Exception? inner = null)
        : base($"{key}: {reason}", inner)
    {
        Key = key;
    }

    /// <summary>A whole file refused (not JSON, not an object): key "config", the message is the reason alone.</summary>
    public static ConfigException Unreadable(string reason) => new("config", reason, null, raw: true);

    /// <summary>"key = value: must be allowed." (the message format of every record's Validate).</summary>
    public static ConfigException OutOfRange(string key, string value, string allowed) => new(key, $"{key} = {value}: must be {allowed}.", null, raw: true);

    /// <summary>"name = value: must be allowed." for the setting <paramref name="key"/>, which messages call <paramref name="name"/>.</summary>
    public static ConfigException OutOfRange(string key, string name, string value, string allowed) => new(key, $"{name} = {value}: must be {allowed}.", null, raw: true);

    /// <summary>
    /// The refusal of a record's Validate, whose message already reads "name = value: must be ..." with the setting's
    /// own snake_case name; <see cref="Key"/> is the setting's full key (num_envs is rollout.num_envs).
    /// </summary>
    public static ConfigException FromValidation(ArgumentOutOfRangeException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = exception.Message.Split('\n')[0];
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        string name = exception.ParamName ?? "config";
        string key = Registry.Settings.All.FirstOrDefault(s => s.Name == name)?.Key ?? name;
        return new ConfigException(key, cut >= 0 ? message[..cut] : message, exception, raw: true);
    }

    private ConfigException(string key, string message, Exception? inner, bool raw)
        : base(raw ? message : $"{key}: {message}", inner)
    {
        Key = key;
    }

    /// <summary>The setting refused (its JSON key, dotted inside option records).</summary>
    public string Key { get; }

    /// <summary>The one-line message, without the parameter suffix ArgumentException adds.</summary>
    public override string Message => base.Message.Split(" (Parameter", 2)[0];
}
