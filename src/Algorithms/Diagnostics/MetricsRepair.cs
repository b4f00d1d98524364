using System.Globalization;
using System.Text;
using System.Text.Json;
using Kernel.Algorithms.Files;

namespace Kernel.Algorithms.Diagnostics;

/// <summary>
/// Brings a run's metrics.csv and metrics.jsonl back to a state a resumed run can append to: <see cref="CompleteRows"/>
/// counts the leading rows that are whole in both files (a CSV row with the header's number of cells, its update
/// number in place and a line end after it; a JSON line that parses as an object with the same update and ends with a
/// line end), and <see cref="KeepThrough"/> rewrites both files, atomically, to their first n rows. A row torn by a
/// killed writer, or anything after it, therefore never stays in the middle of a file.
/// Thread-safety: stateless; the run directory must not be written by anyone else meanwhile.
/// </summary>
public static class MetricsRepair
{
    /// <summary>The number of leading rows complete and in order in both metrics files (0 if either is missing).</summary>
    /// <exception cref="InvalidDataException">metrics.csv has a header other than the one this version writes.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static long CompleteRows(string directory)
    {
        string csvPath = Path.Combine(directory, MetricsWriter.CsvFileName);
        string jsonPath = Path.Combine(directory, MetricsWriter.JsonLinesFileName);
        if (!File.Exists(csvPath) || !File.Exists(jsonPath))
        {
            return 0;
        }

        List<(int End, List<string> Cells)> csvRows = CsvRecords(File.ReadAllText(csvPath, Encoding.UTF8));
        if (csvRows.Count == 0)
        {
            return 0;
        }

        // The standard columns, then any of the optional ones a trainer adds (MetricsWriter's extra columns).
        string header = string.Join(',', UpdateRecord.Names);
        List<string> existingCells = csvRows[0].Cells;
        string existing = string.Join(',', existingCells);
        bool known = existingCells.Count >= UpdateRecord.Names.Count
            && existingCells.Take(UpdateRecord.Names.Count).SequenceEqual(UpdateRecord.Names)
            && existingCells.Skip(UpdateRecord.Names.Count).All(UpdateRecord.OptionalNames.Contains);
        if (!known)
        {
            throw new InvalidDataException($"{csvPath} has the header '{existing}'; this version writes '{header}'.");
        }

        long csvComplete = 0;
        for (int row = 1; row < csvRows.Count && csvRows[row].Cells.Count == existingCells.Count && csvRows[row].Cells[0] == Number(row); row++)
        {
            csvComplete = row;
        }

        string[] jsonLines = File.ReadAllText(jsonPath, Encoding.UTF8).Split('\n');
        long jsonComplete = 0;

        // The text after the last '\n' is an unfinished line, so only the lines before it count.
        for (int line = 0; line < jsonLines.Length - 1 && IsUpdate(jsonLines[line], line + 1); line++)
        {
            jsonComplete = line + 1;
        }

        return Math.Min(csvComplete, jsonComplete);
    }

    /// <summary>Rewrites both metrics files to their header and first <paramref name="updates"/> rows (0 removes both files).</summary>
    /// <exception cref="InvalidDataException">Fewer than <paramref name="updates"/> complete rows (see <see cref="CompleteRows"/>).</exception>
    public static void KeepThrough(string directory, long updates)
    {
        string csvPath = Path.Combine(directory, MetricsWriter.CsvFileName);
        string jsonPath = Path.Combine(directory, MetricsWriter.JsonLinesFileName);
        if (updates == 0)
        {
            File.Delete(csvPath);
            File.Delete(jsonPath);
            return;
        }

        long complete = CompleteRows(directory);
        if (complete < updates)
        {
            throw new InvalidDataException($"{csvPath} and {MetricsWriter.JsonLinesFileName} hold {complete} complete rows; keeping update {updates} needs {updates}.");
        }

        string csv = File.ReadAllText(csvPath, Encoding.UTF8);
        int end = CsvRecords(csv)[(int)updates].End;
        AtomicFile.WriteAllText(csvPath, csv[..end]);
        AtomicFile.WriteAllLines(jsonPath, File.ReadAllText(jsonPath, Encoding.UTF8).Split('\n').Take((int)updates));
    }

    private static string Number(long update) => update.ToString(CultureInfo.InvariantCulture);

    private static bool IsUpdate(string line, long update)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("update", out JsonElement value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetInt64(out long number)
                && number == update;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The records of <paramref name="text"/> that end with a line end (RFC 4180 quoting), each with the index just past its '\n'.</summary>
    private static List<(int End, List<string> Cells)> CsvRecords(string text)
    {
        var records = new List<(int End, List<string> Cells)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                cells.Add(cell.ToString().TrimEnd('\r'));
                cell.Clear();
                records.Add((i + 1, cells));
                cells = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        return records;
    }
}
