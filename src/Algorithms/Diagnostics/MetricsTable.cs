using System.Globalization;
using System.Text;

namespace Kernel.Algorithms.Diagnostics;

/// <summary>
/// A metrics.csv read back into columns: every numeric column as doubles (an empty cell is NaN; NaN, Infinity and
/// -Infinity are read as written by <see cref="MetricsWriter"/>; true and false are 1 and 0) and the text column
/// exploded_at as strings. The CSV is RFC 4180 (quoted cells may hold commas, doubled quotes and line breaks; LF or
/// CRLF line ends). A run killed mid-write can leave its last row without the line end that
/// <see cref="MetricsWriter"/> puts after every row, so a final line without a line end is incomplete: it is ignored
/// and its line number kept in <see cref="IgnoredIncompleteLine"/>. Anything else malformed is an
/// <see cref="InvalidDataException"/> naming the file, the line and the column.
/// Thread-safety: immutable after <see cref="Read"/>; safe to share between threads.
/// </summary>
public sealed class MetricsTable
{
    // The one column MetricsWriter writes as free text (what became non-finite first).
    private const string TextColumn = "exploded_at";

    private readonly Dictionary<string, double[]> numbers;
    private readonly Dictionary<string, string[]> texts;

    private MetricsTable(string path, IReadOnlyList<string> columns, int rowCount, Dictionary<string, double[]> numbers, Dictionary<string, string[]> texts, int? ignoredIncompleteLine)
    {
        Path = path;
        Columns = columns;
        RowCount = rowCount;
        this.numbers = numbers;
        this.texts = texts;
        IgnoredIncompleteLine = ignoredIncompleteLine;
    }

    /// <summary>The file this table was read from.</summary>
    public string Path { get; }

    /// <summary>The column names in header order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The number of complete rows (updates).</summary>
    public int RowCount { get; }

    /// <summary>The line number (from 1) of an incomplete final line that was ignored, or null if the file ended with a line end.</summary>
    public int? IgnoredIncompleteLine { get; }

    /// <summary>Reads the CSV at <paramref name="path"/>; the file may be open for appending by a running <see cref="MetricsWriter"/>.</summary>
    /// <exception cref="InvalidDataException">The file has no complete header line, a repeated or empty column name, a row whose cell count differs from the header's, a stray quote, or a cell that is not a number.</exception>
    public static MetricsTable Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string content;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            content = reader.ReadToEnd();
        }

        var records = new List<Record>();
        int? ignored = Split(content, path, records);
        if (records.Count == 0)
        {
            throw new InvalidDataException($"{path} has no complete header line (the file is empty or its only line has no line end).");
        }

        string[] header = records[0].Cells.ToArray();
        var columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int column = 0; column < header.Length; column++)
        {
            if (header[column].Length == 0 || !columnIndex.TryAdd(header[column], column))
            {
                throw new InvalidDataException($"{path}, line 1, column {column + 1}: the column name '{header[column]}' is {(header[column].Length == 0 ? "empty" : "repeated")}; column names must be unique and non-empty.");
            }
        }

        int rowCount = records.Count - 1;
        var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string name in header)
        {
            if (name == TextColumn)
            {
                texts[name] = new string[rowCount];
            }
            else
            {
                numbers[name] = new double[rowCount];
            }
        }

        for (int row = 0; row < rowCount; row++)
        {
            Record record = records[row + 1];
            if (record.Cells.Count != header.Length)
            {
                throw new InvalidDataException($"{path}, line {record.Line}: the row has {record.Cells.Count} cells; the header (line 1) has {header.Length}.");
            }

            for (int column = 0; column < header.Length; column++)
            {
                string cell = record.Cells[column];
                if (texts.TryGetValue(header[column], out string[]? text))
                {
                    text[row] = cell;
                }
                else
                {
                    numbers[header[column]][row] = ParseNumber(cell, path, record.CellLines[column], header[column]);
                }
            }
        }

        return new MetricsTable(path, Array.AsReadOnly(header), rowCount, numbers, texts, ignored);
    }

    /// <summary>Whether the header has a column called <paramref name="name"/>.</summary>
    public bool Contains(string name) => numbers.ContainsKey(name) || texts.ContainsKey(name);

    /// <summary>A copy of the numeric column <paramref name="name"/>, one value per row (NaN for empty cells).</summary>
    /// <exception cref="ArgumentException">No such column, or it is the text column exploded_at.</exception>
    public double[] Column(string name) => CopyOf(numbers, texts.Keys, name, $"text; read it with {nameof(Text)}");

    /// <summary>A copy of the text column <paramref name="name"/> (exploded_at), one string per row (empty for empty cells).</summary>
    /// <exception cref="ArgumentException">No such column, or it is numeric.</exception>
    public string[] Text(string name) => CopyOf(texts, numbers.Keys, name, $"numeric; read it with {nameof(Column)}");

    /// <summary>A copy of column <paramref name="name"/> of <paramref name="columns"/>; refused saying it is <paramref name="otherKind"/> when it is one of <paramref name="others"/>, else listing the columns.</summary>
    private TValue[] CopyOf<TValue>(Dictionary<string, TValue[]> columns, ICollection<string> others, string name, string otherKind)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (columns.TryGetValue(name, out TValue[]? values))
        {
            return (TValue[])values.Clone();
        }

        throw new ArgumentException(others.Contains(name)
            ? $"column '{name}' of {Path} is {otherKind}."
            : $"{Path} has no column '{name}'; its columns are {string.Join(", ", Columns)}.", nameof(name));
    }

    private static double ParseNumber(string cell, string path, int line, string column)
    {
        if (cell.Length == 0)
        {
            return double.NaN;
        }

        if (cell == "true")
        {
            return 1;
        }

        if (cell == "false")
        {
            return 0;
        }

        // The invariant culture's symbols for non-finite values are exactly MetricsWriter's: NaN, Infinity, -Infinity.
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return value;
        }

        throw new InvalidDataException($"{path}, line {line}, column '{column}': '{cell}' is not a number; allowed are invariant-culture numbers, NaN, Infinity, -Infinity, true, false and empty cells.");
    }

    /// <summary>
    /// Splits <paramref name="content"/> into records (RFC 4180). Returns the line of an incomplete final record
    /// (no line end after it), which is left out, or null.
    /// </summary>
    private static int? Split(string content, string path, List<Record> records)
    {
        var cell = new StringBuilder();
        var record = new Record(1);
        int line = 1;
        int cellLine = 1;
        int i = 0;
        while (i < content.Length)
        {
            char c = content[i];
            if (c == '"' && cell.Length == 0)
            {
                // A quoted cell: runs to the closing quote; "" inside is one quote; line ends inside belong to the cell.
                i++;
                while (true)
                {
                    if (i == content.Length)
                    {
                        return record.Line; // the file ends inside a quoted cell: the final record is incomplete
                    }

                    if (content[i] == '"')
                    {
                        if (i + 1 < content.Length && content[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (content[i] == '\n')
                    {
                        line++;
                    }

                    cell.Append(content[i]);
                    i++;
                }

                if (i < content.Length && content[i] is not (',' or '\n' or '\r'))
                {
                    throw new InvalidDataException($"{path}, line {line}, {Describe(records, record.Cells.Count)}: '{content[i]}' after a closing quote; a quoted cell must end at a comma or a line end.");
                }

                continue;
            }

            if (c == '"')
            {
                throw new InvalidDataException($"{path}, line {line}, {Describe(records, record.Cells.Count)}: a quote inside an unquoted cell; quote the whole cell and double inner quotes.");
            }

            if (c == ',')
            {
                record.Add(cell, cellLine);
                cellLine = line;
                i++;
                continue;
            }

            if (c == '\r' && i + 1 < content.Length && content[i + 1] == '\n')
            {
                i++;
                continue; // CRLF: the LF ends the record
            }

            if (c == '\n')
            {
                record.Add(cell, cellLine);
                records.Add(record);
                line++;
                cellLine = line;
                record = new Record(line);
                i++;
                continue;
            }

            cell.Append(c);
            i++;
        }

        // Content after the last line end is an incomplete record (a row cut off by a killed writer).
        return record.Cells.Count > 0 || cell.Length > 0 ? record.Line : null;
    }

    /// <summary>Names the cell at <paramref name="index"/> by its header column when the header has been read.</summary>
    private static string Describe(List<Record> records, int index) =>
        records.Count > 0 && index < records[0].Cells.Count ? $"column '{records[0].Cells[index]}'" : $"cell {index + 1}";

    /// <summary>One CSV record: its cells, the line each cell starts on, and the line the record starts on.</summary>
    private sealed class Record(int line)
    {
        public int Line { get; } = line;

        public List<string> Cells { get; } = [];

        public List<int> CellLines { get; } = [];

        public void Add(StringBuilder cell, int cellLine)
        {
            Cells.Add(cell.ToString());
            CellLines.Add(cellLine);
            cell.Clear();
        }
    }
}
