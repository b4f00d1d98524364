using System.Globalization;
using System.Text;
using Kernel.Algorithms.Files;

namespace Kernel.Algorithms.Diagnostics;

/// <summary>
/// Appends <see cref="StepRecord"/> rows to steps.csv (written when <c>log_steps</c> is on), flushing after every
/// update's rows so a run that fails or is killed keeps what it wrote. Opening an existing file appends after checking
/// its header; <see cref="KeepThrough"/> cuts it to the rows of the first updates on resume. Non-finite numbers are
/// written as NaN, Infinity and -Infinity; an absent clipped ratio is an empty cell.
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class StepLogWriter : IDisposable
{
    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "steps.csv";

    private readonly StreamWriter csv;
    private readonly StringBuilder line = new();

    /// <summary>Opens (creating or appending to) steps.csv in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidDataException">steps.csv exists with a different header.</exception>
    public StepLogWriter(string directory)
    {
        string path = Path.Combine(directory, FileName);
        string header = string.Join(',', StepRecord.Names);
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

    /// <summary>Appends <paramref name="rows"/> and flushes.</summary>
    public void Write(IEnumerable<StepRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (StepRecord row in rows)
        {
            line.Clear();
            line.Append(row.Update.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Minibatch.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(row.KlMean)).Append(',')
                .Append(Number(row.RatioLog10Max)).Append(',')
                .Append(row.RatioLog10MaxClipped is { } clipped ? Number(clipped) : string.Empty).Append(',')
                .Append(Number(row.Loss)).Append(',')
                .Append(Number(row.GradNorm)).Append(',')
                .Append(row.Exploded ? "true" : "false");
            csv.WriteLine(line);
        }

        csv.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => csv.Dispose();

    /// <summary>Rewrites steps.csv in <paramref name="directory"/> (if there is one) to its header and the whole rows of updates 1..<paramref name="updates"/>; 0 removes it.</summary>
    public static void KeepThrough(string directory, long updates)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return;
        }

        if (updates == 0)
        {
            File.Delete(path);
            return;
        }

        // A row is kept when it ends with a line end, has every column and belongs to an update kept.
        string text = File.ReadAllText(path, Encoding.UTF8);
        string[] lines = text.Split('\n');
        var kept = new List<string> { lines[0] };
        for (int i = 1; i < lines.Length - 1; i++)
        {
            string[] cells = lines[i].Split(',');
            if (cells.Length == StepRecord.Names.Count && long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long update) && update <= updates)
            {
                kept.Add(lines[i]);
            }
        }

        AtomicFile.WriteAllLines(path, kept);
    }

    private static string Number(double value)
        => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}
