using System.Globalization;
using System.Text;

namespace Kernel.Experiments.Sweeps;

/// <summary>
/// A run's metrics.csv read as data: one numeric column per metric (the names of the trainer's UpdateRecord), cells
/// that are empty or not numbers as NaN, true/false as 1/0, NaN/Infinity/-Infinity as themselves; exploded_at, the one
/// text column, is kept as text. Read without the trainer's types so sweeps survive changes to them.
/// Thread-safety: immutable after reading.
/// </summary>
public sealed class RunMetrics
{
    /// <summary>The file name of the metrics inside a run directory.</summary>
    public const string FileName = "metrics.csv";

    private readonly Dictionary<string, double[]> numbers;
    private readonly Dictionary<string, string[]> texts;

    private RunMetrics(string[] columns, List<string[]> rows)
    {
        Columns = columns;
        RowCount = rows.Count;
        numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        texts = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (int c = 0; c < columns.Length; c++)
        {
            int column = c;
            texts[columns[c]] = [.. rows.Select(row => column < row.Length ? row[column] : string.Empty)];
            numbers[columns[c]] = [.. texts[columns[c]].Select(Number)];
        }
    }

    /// <summary>The header's column names in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows (updates) read.</summary>
    public int RowCount { get; }

    /// <summary>The per-optimisation-step log a run writes with <c>--log-steps true</c> (same format, one row per minibatch step).</summary>
    public const string StepsFileName = "steps.csv";

    /// <summary>Reads runDirectory/<paramref name="fileName"/> (metrics.csv by default); a run without the file has no rows.</summary>
    /// <exception cref="InvalidDataException">The file has no header.</exception>
    public static RunMetrics Read(string runDirectory, string fileName = FileName)
    {
        string path = Path.Combine(runDirectory, fileName);
        if (!File.Exists(path))
        {
            return new RunMetrics([], []);
        }

        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new InvalidDataException($"{path} is empty: no header row.");
        }

        return new RunMetrics(Split(lines[0]), [.. lines.Skip(1).Where(line => line.Length > 0).Select(Split)]);
    }

    /// <summary>Whether the file has this column.</summary>
    public bool Contains(string column) => numbers.ContainsKey(column);

    /// <summary>The column as numbers (all NaN when absent).</summary>
    public double[] Column(string column) => numbers.TryGetValue(column, out double[]? values) ? values : Enumerable.Repeat(double.NaN, RowCount).ToArray();

    /// <summary>The column as the text written (empty strings when absent).</summary>
    public string[] Text(string column) => texts.TryGetValue(column, out string[]? values) ? values : Enumerable.Repeat(string.Empty, RowCount).ToArray();

    private static double Number(string text) => text switch
    {
        "true" => 1,
        "false" => 0,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN,
    };

    /// <summary>One CSV line into fields (RFC 4180 quoting: "a ""b"", c" is one field).</summary>
    internal static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
