using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kernel.Algorithms.Diagnostics;

/// <summary>
/// Writes one row per update to metrics.csv and one JSON object per update to metrics.jsonl, flushing both after
/// every row so a run that fails or is killed keeps everything written before. Opening an existing pair appends
/// (resume, after <see cref="MetricsRepair.KeepThrough"/> has cut them to whole rows) after checking the CSV header. Non-finite numbers are written as NaN, Infinity and -Infinity: bare in
/// the CSV, as JSON strings in the JSON lines (System.Text.Json reads them back with
/// <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c>); absent fields are empty cells and JSON nulls.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class MetricsWriter : IDisposable
{
    /// <summary>The CSV file name inside a run directory.</summary>
    public const string CsvFileName = "metrics.csv";

    /// <summary>The JSON-lines file name inside a run directory.</summary>
    public const string JsonLinesFileName = "metrics.jsonl";

    private readonly StreamWriter csv;
    private readonly FileStream jsonLines;
    private readonly Utf8JsonWriter json;
    private readonly StringBuilder line = new();
    private readonly string[] columns;

    /// <summary>Opens (creating or appending to) the metrics files in <paramref name="directory"/>.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="extraColumns">Columns of <see cref="UpdateRecord.OptionalNames"/> written after <see cref="UpdateRecord.Names"/> (none when null).</param>
    /// <exception cref="InvalidDataException">metrics.csv exists with a different header (written by another version).</exception>
    public MetricsWriter(string directory, IReadOnlyList<string>? extraColumns = null)
    {
        Directory.CreateDirectory(directory);
        extraColumns ??= [];
        if (extraColumns.FirstOrDefault(name => !UpdateRecord.OptionalNames.Contains(name)) is { } unknown)
        {
            throw new ArgumentException($"extra column '{unknown}' is not one of {string.Join(", ", UpdateRecord.OptionalNames)}.", nameof(extraColumns));
        }

        columns = [.. UpdateRecord.Names, .. extraColumns];
        string csvPath = Path.Combine(directory, CsvFileName);
        string header = string.Join(',', columns);
        bool exists = File.Exists(csvPath) && new FileInfo(csvPath).Length > 0;
        if (exists)
        {
            string? existing = File.ReadLines(csvPath).FirstOrDefault();
            if (existing != header)
            {
                throw new InvalidDataException($"{csvPath} has the header '{existing}'; this version writes '{header}'.");
            }
        }

        csv = new StreamWriter(new FileStream(csvPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        if (!exists)
        {
            csv.WriteLine(header);
            csv.Flush();
        }

        jsonLines = new FileStream(Path.Combine(directory, JsonLinesFileName), FileMode.Append, FileAccess.Write, FileShare.Read);
        json = new Utf8JsonWriter(jsonLines);
    }

    /// <summary>Appends <paramref name="record"/> to both files and flushes them.</summary>
    public void Write(UpdateRecord record)
    {
        line.Clear();
        json.Reset(jsonLines);
        json.WriteStartObject();
        foreach (string name in columns)
        {
            if (line.Length > 0)
            {
                line.Append(',');
            }

            if (name == "exploded_at")
            {
                line.Append(Quote(record.ExplodedAt));
                json.WriteString(name, record.ExplodedAt);
                continue;
            }

            if (name == "exploded")
            {
                line.Append(record.Exploded ? "true" : "false");
                json.WriteBoolean(name, record.Exploded);
                continue;
            }

            double? value = record.Get(name);
            if (value is not { } number)
            {
                json.WriteNull(name);
            }
            else if (double.IsFinite(number))
            {
                line.Append(number.ToString("R", CultureInfo.InvariantCulture));
                json.WriteNumber(name, number);
            }
            else
            {
                string text = Named(number);
                line.Append(text);
                json.WriteString(name, text);
            }
        }

        json.WriteEndObject();
        json.Flush();
        jsonLines.WriteByte((byte)'\n');
        jsonLines.Flush();
        csv.WriteLine(line);
        csv.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        json.Dispose();
        jsonLines.Dispose();
        csv.Dispose();
    }

    private static string Named(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    /// <summary>CSV quoting (RFC 4180): quotes only when needed, doubling inner quotes.</summary>
    private static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
