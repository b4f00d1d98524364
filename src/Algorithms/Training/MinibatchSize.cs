using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Samples per minibatch: a count, or <see cref="FullBatch"/> (one minibatch holding the whole rollout, whatever
/// num_envs x rollout_steps is), the setting of the algorithms that take one gradient step per batch. Written to
/// JSON as the count or the string "full-batch"; an int converts implicitly.
/// </summary>
[JsonConverter(typeof(MinibatchSizeJsonConverter))]
public readonly record struct MinibatchSize
{
    /// <summary>The spelling of <see cref="FullBatch"/> in config.json and on the command line.</summary>
    public const string FullBatchName = "full-batch";

    private MinibatchSize(int count, bool fullBatch)
    {
        Count = count;
        IsFullBatch = fullBatch;
    }

    /// <summary>One minibatch of the whole batch.</summary>
    public static MinibatchSize FullBatch => new(0, fullBatch: true);

    /// <summary>The count (0 for <see cref="FullBatch"/>; validation refuses any other count below 1).</summary>
    public int Count { get; }

    /// <summary>Whether this is <see cref="FullBatch"/>.</summary>
    public bool IsFullBatch { get; }

    /// <summary>A minibatch of <paramref name="count"/> samples.</summary>
    public static implicit operator MinibatchSize(int count) => new(count, fullBatch: false);

    /// <summary>A minibatch of <paramref name="count"/> samples.</summary>
    public static MinibatchSize FromInt32(int count) => new(count, fullBatch: false);

    /// <summary>The samples per minibatch for a batch of <paramref name="batchSize"/>.</summary>
    public int SamplesOf(int batchSize) => IsFullBatch ? batchSize : Count;

    /// <summary>The count, or "full-batch".</summary>
    public override string ToString() => IsFullBatch ? FullBatchName : Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a count or "full-batch".</summary>
    private sealed class MinibatchSizeJsonConverter : JsonConverter<MinibatchSize>
    {
        public override MinibatchSize Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.TokenType switch
            {
                JsonTokenType.Number when reader.TryGetInt32(out int count) && count >= 1 => new MinibatchSize(count, fullBatch: false),
                JsonTokenType.String when reader.GetString() == FullBatchName => FullBatch,
                _ => throw new JsonException($"expected a count of at least 1 or \"{FullBatchName}\"."),
            };

        public override void Write(Utf8JsonWriter writer, MinibatchSize value, JsonSerializerOptions options)
        {
            if (value.IsFullBatch)
            {
                writer.WriteStringValue(FullBatchName);
            }
            else
            {
                writer.WriteNumberValue(value.Count);
            }
        }
    }
}
