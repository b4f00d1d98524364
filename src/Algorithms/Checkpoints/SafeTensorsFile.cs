using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Kernel.Algorithms.Files;

namespace Kernel.Algorithms.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a UTF-8 JSON header mapping
/// each tensor name to its dtype, shape and [begin, end) byte offsets into the data that follows, with an optional
/// "__metadata__" string map, then the tensors' bytes back to back. Files are written to a temporary name and
/// moved into place (<see cref="AtomicFile"/>), so a crash or a full disk never leaves a half-written checkpoint under
/// the real name nor a temporary file behind. Writing stores a checksum of every tensor and of the header in the
/// metadata (<see cref="SafeTensorChecksums"/>); reading verifies those present and checks everything a truncated,
/// damaged or foreign file could get wrong and says what.
/// Thread-safety: stateless.
/// </summary>
public static class SafeTensorsFile
{
    private const string MetadataKey = "__metadata__";

    // Headers beyond 100 MB are refused, as the format's reference reader does, so a corrupt length cannot ask for gigabytes.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> (in the given order) and <paramref name="metadata"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ArgumentException">Two tensors share a name, a name is "__metadata__", or a tensor's bytes don't match its shape.</exception>
    public static void Write(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        var header = new Dictionary<string, object> { [MetadataKey] = metadata };
        long offset = 0;
        foreach (SafeTensor tensor in tensors)
        {
            if (tensor.Name == MetadataKey || header.ContainsKey(tensor.Name))
            {
                throw new ArgumentException($"tensor name \"{tensor.Name}\" is reserved or used twice.", nameof(tensors));
            }

            if (tensor.Data.LongLength != tensor.ElementCount * SafeTensor.ElementSize(tensor.DType))
            {
                throw new ArgumentException($"tensor {tensor.Name}: {tensor.Data.LongLength} bytes do not fill shape [{string.Join(", ", tensor.Shape)}] of {tensor.DType}.", nameof(tensors));
            }

            header[tensor.Name] = new Dictionary<string, object>
            {
                ["dtype"] = DTypeName(tensor.DType),
                ["shape"] = tensor.Shape,
                ["data_offsets"] = new[] { offset, offset + tensor.Data.LongLength },
            };
            offset += tensor.Data.LongLength;
        }

        header[MetadataKey] = SafeTensorChecksums.Add(tensors, metadata);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        int padding = (8 - (json.Length % 8)) % 8; // the format pads the header with spaces to keep the data 8-byte aligned
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.Length + padding));
            stream.Write(length);
            stream.Write(json);
            for (int i = 0; i < padding; i++)
            {
                stream.WriteByte((byte)' ');
            }

            foreach (SafeTensor tensor in tensors)
            {
                stream.Write(tensor.Data);
            }
        });
    }

    /// <summary>Reads a whole safetensors file.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, its header is not safetensors JSON, offsets overlap, leave gaps or run past the end, or a checksum does not match.</exception>
    public static SafeTensorsContent Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{path} is {bytes.Length} bytes long; a safetensors file starts with an 8-byte header length.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
        {
            throw new InvalidDataException($"{path}: the header length {headerLength} exceeds the file's {bytes.Length - 8} remaining bytes (truncated, or not safetensors).");
        }

        int dataStart = 8 + (int)headerLength;
        var tensors = new Dictionary<string, SafeTensor>();
        var metadata = new Dictionary<string, string>();
        var ranges = new List<(long Begin, long End, string Name)>();
        var layout = new List<(string Name, SafeTensorsDType DType, long[] Shape, long Begin, long End)>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            foreach (JsonProperty entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    foreach (JsonProperty pair in entry.Value.EnumerateObject())
                    {
                        metadata[pair.Name] = pair.Value.GetString() ?? throw new InvalidDataException($"{path}: metadata \"{pair.Name}\" is null.");
                    }

                    continue;
                }

                SafeTensorsDType dtype = ParseDType(path, entry.Name, entry.Value.GetProperty("dtype").GetString());
                long[] shape = [.. entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
                long[] offsets = [.. entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64())];
                if (offsets.Length != 2 || shape.Any(d => d < 0))
                {
                    throw new InvalidDataException($"{path}: tensor {entry.Name} has shape [{string.Join(", ", shape)}] and offsets [{string.Join(", ", offsets)}]; expected non-negative dimensions and [begin, end].");
                }

                long size = checked(shape.Aggregate(1L, (product, d) => product * d) * SafeTensor.ElementSize(dtype));
                if (offsets[0] < 0 || offsets[1] - offsets[0] != size || dataStart + offsets[1] > bytes.Length)
                {
                    throw new InvalidDataException($"{path}: tensor {entry.Name} ({dtype} [{string.Join(", ", shape)}], {size} bytes) claims bytes [{offsets[0]}, {offsets[1]}) of a data section {bytes.Length - dataStart} bytes long (truncated file?).");
                }

                ranges.Add((offsets[0], offsets[1], entry.Name));
                layout.Add((entry.Name, dtype, shape, offsets[0], offsets[1]));
                tensors[entry.Name] = new SafeTensor(entry.Name, dtype, shape, bytes.AsSpan(dataStart + (int)offsets[0], (int)size).ToArray());
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"{path}: the header is not safetensors JSON ({exception.Message}).", exception);
        }

        RequireContiguous(path, ranges, bytes.Length - dataStart);
        SafeTensorChecksums.Verify(path, tensors, metadata, layout);
        return new SafeTensorsContent(path, tensors, metadata);
    }

    private static void RequireContiguous(string path, List<(long Begin, long End, string Name)> ranges, long dataLength)
    {
        ranges.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long expected = 0;
        foreach ((long begin, long end, string name) in ranges)
        {
            if (begin != expected)
            {
                throw new InvalidDataException($"{path}: tensor {name} starts at byte {begin} of the data; the previous one ended at {expected} (overlap or gap).");
            }

            expected = end;
        }

        if (expected != dataLength)
        {
            throw new InvalidDataException($"{path}: the tensors cover {expected} bytes of a {dataLength}-byte data section.");
        }
    }

    private static string DTypeName(SafeTensorsDType dtype) => dtype.ToString().ToUpperInvariant();

    private static SafeTensorsDType ParseDType(string path, string name, string? text)
    {
        foreach (SafeTensorsDType dtype in Enum.GetValues<SafeTensorsDType>())
        {
            if (DTypeName(dtype) == text)
            {
                return dtype;
            }
        }

        throw new InvalidDataException($"{path}: tensor {name} has dtype \"{text}\"; Kernel reads F16, F32, F64, I64, U64 and BOOL.");
    }
}
