using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Kernel.Algorithms.Checkpoints;

/// <summary>
/// Checksums that make a damaged safetensors file detectable: one XxHash64 per tensor over its bytes, stored in the
/// metadata as "checksum.&lt;tensor&gt;" = "xxh64:&lt;16 hex digits&gt;", and one over what the header says
/// ("checksum.__header__": every other metadata entry and every tensor's name, dtype, shape and offsets), so a
/// flipped byte anywhere in the file either breaks the format or fails a checksum. Files written by other tools carry
/// none; <see cref="SafeTensorsFile.Read"/> verifies those present, and <see cref="RequireComplete"/> insists on all.
/// Thread-safety: stateless.
/// </summary>
public static class SafeTensorChecksums
{
    /// <summary>The metadata key prefix of checksums.</summary>
    public const string KeyPrefix = "checksum.";

    /// <summary>The metadata key of the header's checksum.</summary>
    public const string HeaderKey = KeyPrefix + "__header__";

    private const string Algorithm = "xxh64:";

    /// <summary>The checksum text of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes)
        => Algorithm + XxHash64.HashToUInt64(bytes).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The metadata to store beside <paramref name="metadata"/>: a checksum per tensor and one of the header.</summary>
    public static Dictionary<string, string> Add(IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var combined = new Dictionary<string, string>(metadata.Where(pair => !pair.Key.StartsWith(KeyPrefix, StringComparison.Ordinal)));
        long offset = 0;
        var layout = new List<(string Name, SafeTensorsDType DType, long[] Shape, long Begin, long End)>(tensors.Count);
        foreach (SafeTensor tensor in tensors)
        {
            combined[KeyPrefix + tensor.Name] = Of(tensor.Data);
            layout.Add((tensor.Name, tensor.DType, tensor.Shape, offset, offset + tensor.Data.LongLength));
            offset += tensor.Data.LongLength;
        }

        combined[HeaderKey] = Of(Encoding.UTF8.GetBytes(DescribeHeader(combined, layout)));
        return combined;
    }

    /// <summary>Checks every checksum present in <paramref name="metadata"/> against the tensors and header read from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">A checksum does not match, or one names no tensor (the message names which).</exception>
    internal static void Verify(string path, IReadOnlyDictionary<string, SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata, IEnumerable<(string Name, SafeTensorsDType DType, long[] Shape, long Begin, long End)> layout)
    {
        foreach ((string key, string stored) in metadata)
        {
            if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key == HeaderKey)
            {
                continue;
            }

            string name = key[KeyPrefix.Length..];
            if (!tensors.TryGetValue(name, out SafeTensor? tensor))
            {
                throw new InvalidDataException($"{path}: metadata {key} names no tensor of the file; the file is damaged.");
            }

            string actual = Of(tensor.Data);
            if (actual != stored)
            {
                throw new InvalidDataException($"{path}: tensor {name} fails its checksum (stored {stored}, data {actual}); the file is damaged.");
            }
        }

        if (metadata.TryGetValue(HeaderKey, out string? header))
        {
            string actual = Of(Encoding.UTF8.GetBytes(DescribeHeader(metadata, [.. layout.OrderBy(entry => entry.Begin)])));
            if (actual != header)
            {
                throw new InvalidDataException($"{path}: the header fails its checksum (stored {header}, header {actual}); the file is damaged.");
            }
        }
    }

    /// <summary>Requires a checksum of the header and of every tensor (as <see cref="SafeTensorsFile.Write"/> stores them), so that nothing read went unchecked.</summary>
    /// <exception cref="InvalidDataException">One is missing (the message names the tensor).</exception>
    public static void RequireComplete(SafeTensorsContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.Metadata.ContainsKey(HeaderKey))
        {
            throw new InvalidDataException($"{content.Source} has no header checksum ({HeaderKey}); it was not written by this version of Kernel or is damaged.");
        }

        foreach (string name in content.Tensors.Keys.Order(StringComparer.Ordinal))
        {
            if (!content.Metadata.ContainsKey(KeyPrefix + name))
            {
                throw new InvalidDataException($"{content.Source}: tensor {name} has no checksum; the file is damaged or was not written by this version of Kernel.");
            }
        }
    }

    // One line per metadata entry (ordinal order, the header checksum left out) and per tensor (in data order).
    private static string DescribeHeader(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<(string Name, SafeTensorsDType DType, long[] Shape, long Begin, long End)> layout)
    {
        var text = new StringBuilder();
        foreach ((string key, string value) in metadata.Where(pair => pair.Key != HeaderKey).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        foreach ((string name, SafeTensorsDType dtype, long[] shape, long begin, long end) in layout)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name} {dtype} [{string.Join(",", shape)}] {begin} {end}\n");
        }

        return text.ToString();
    }
}
