using System.Globalization;
using System.Text;
using Kernel.Algorithms.Files;

namespace Kernel.Algorithms.Diagnostics;

/// <summary>
/// A side log of a run beside metrics.csv: one CSV file whose first column is the update number and whose other
/// columns are numbers, a row for some or all updates, flushed as written. It exists for what metrics.csv must not
/// hold: wall-clock timings (timing.csv), which differ between runs and would break metrics.csv's byte-for-byte
/// reproducibility (the golden runs hash it), and the periodic evaluation (eval.csv), which has rows only every few
/// updates. Opening an existing file appends after checking its header; <see cref="KeepThrough"/> cuts it for a resume.
/// Non-finite numbers are written as NaN, Infinity and -Infinity.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class UpdateCsvLog : IDisposable
{
    private readonly StreamWriter csv;
    private readonly StringBuilder line = new();
    private readonly int columns;

    /// <summary>Opens (creating or appending to) <paramref name="fileName"/> in <paramref name="directory"/> with the header "update" then <paramref name="names"/>.</summary>
    /// <exception cref="InvalidDataException">The file exists with a different header (written by another version).</exception>
    public UpdateCsvLog(string directory, string fileName, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        columns = names.Count;
        string path = Path.Combine(directory, fileName);
        string header = "update," + string.Join(',', names);
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        if (exists && File.ReadLines(path).FirstOrDefault() is var existing && existing != header)
        {
            throw new InvalidDataException($"{path} has the header '{existing}'; this version writes '{header}'.");
        }

        csv = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        if (!exists)
        {
            csv.WriteLine(header);
            csv.Flush();
        }
    }

    /// <summary>Appends the row of <paramref name="update"/> and flushes.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold one value per column.</exception>
    public void Write(long update, ReadOnlySpan<double> values)
    {
        if (values.Length != columns)
        {
            throw new ArgumentException($"{values.Length} values for {columns} columns.", nameof(values));
        }

        line.Clear();
        line.Append(update.ToString(CultureInfo.InvariantCulture));
        foreach (double value in values)
        {
            line.Append(',').Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }

        csv.WriteLine(line);
        csv.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => csv.Dispose();

    /// <summary>
    /// Rewrites directory/<paramref name="fileName"/> to its header and the whole rows of updates up to
    /// <paramref name="updates"/> (0 removes the file); a missing file is left missing. A row is whole when it ends
    /// with a line end and has the header's number of cells.
    /// </summary>
    public static void KeepThrough(string directory, string fileName, long updates)
    {
        string path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            return;
        }

        if (updates == 0)
        {
            File.Delete(path);
            return;
        }

        string[] lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        int cells = lines[0].Split(',').Length;
        var kept = new List<string> { lines[0] };
        for (int i = 1; i < lines.Length - 1; i++)
        {
            string[] row = lines[i].Split(',');
            if (row.Length == cells && long.TryParse(row[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long update) && update <= updates)
            {
                kept.Add(lines[i]);
            }
        }

        AtomicFile.WriteAllLines(path, kept);
    }
}
