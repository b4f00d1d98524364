using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kernel.Algorithms.Registry;

/// <summary>
/// Enum values in config.json as <see cref="Settings.NameOf"/> spells them (fp32, ilgpu-cpu, log-space), read back
/// only in that exact spelling: not FP32, not 1. So a file and the command line accept the same values, and a wrong
/// spelling is refused (a <see cref="JsonException"/>, which <see cref="Training.TrainConfigReader"/> turns into one
/// line naming the key).
/// Thread-safety: stateless.
/// </summary>
public sealed class SettingEnumConverter : JsonConverterFactory
{
    /// <inheritdoc/>
    public override bool CanConvert(Type typeToConvert)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        return typeToConvert.IsEnum;
    }

    /// <inheritdoc/>
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<string, TEnum> Values = Enum.GetValues<TEnum>().ToDictionary(value => Settings.NameOf(value), StringComparer.Ordinal);

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.TokenType == JsonTokenType.String && Values.TryGetValue(reader.GetString()!, out TEnum value)
                ? value
                : throw new JsonException($"expected one of {string.Join(", ", Values.Keys)}.");

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
            => writer.WriteStringValue(Settings.NameOf(value));
    }
}
