namespace Kernel.Algorithms.Checkpoints;

/// <summary>
/// What a safetensors file holds: its tensors by name and its string metadata. Lookups of a missing entry fail
/// with the file and the entry named, so a mismatched checkpoint is reported, never half-loaded.
/// Thread-safety: immutable after construction.
/// </summary>
public sealed class SafeTensorsContent
{
    /// <summary>Wraps tensors and metadata read from (or about to be written to) <paramref name="source"/>.</summary>
    public SafeTensorsContent(string source, IReadOnlyDictionary<string, SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Source = source;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Where the content came from (a path), for messages.</summary>
    public string Source { get; }

    /// <summary>Tensors by name.</summary>
    public IReadOnlyDictionary<string, SafeTensor> Tensors { get; }

    /// <summary>The header's "__metadata__" map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">There is none.</exception>
    public SafeTensor Tensor(string name)
        => Tensors.TryGetValue(name, out SafeTensor? tensor)
            ? tensor
            : throw new InvalidDataException($"{Source} has no tensor \"{name}\"; it is not a checkpoint of this run's configuration.");

    /// <summary>The metadata value under <paramref name="key"/>.</summary>
    /// <exception cref="InvalidDataException">There is none.</exception>
    public string Meta(string key)
        => Metadata.TryGetValue(key, out string? value)
            ? value
            : throw new InvalidDataException($"{Source} has no metadata \"{key}\"; it was not written by Kernel's trainer.");

    /// <summary>Refuses the file unless its metadata <paramref name="key"/> is <paramref name="expected"/> (a checkpoint of another run's settings).</summary>
    /// <exception cref="InvalidDataException">The value differs or is missing (the message names the file, the key and both values).</exception>
    public void RequireMeta(string key, string expected)
    {
        string actual = Meta(key);
        if (actual != expected)
        {
            throw new InvalidDataException($"{Source} has {key} \"{actual}\"; this run needs \"{expected}\".");
        }
    }

    /// <summary>The metadata value under <paramref name="key"/> as a non-negative count.</summary>
    /// <exception cref="InvalidDataException">It is missing or not a non-negative integer.</exception>
    public long MetaCount(string key)
        => long.TryParse(Meta(key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value) && value >= 0
            ? value
            : throw new InvalidDataException($"{Source}: metadata {key} = \"{Meta(key)}\" is not a count.");
}
