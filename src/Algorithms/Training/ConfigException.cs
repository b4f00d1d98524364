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

    /// <summary>The refusal of a record's Validate, whose message already reads "key = value: must be ...".</summary>
    public static ConfigException FromValidation(ArgumentOutOfRangeException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = exception.Message.Split('\n')[0];
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return new ConfigException(exception.ParamName ?? "config", cut >= 0 ? message[..cut] : message, exception, raw: true);
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
