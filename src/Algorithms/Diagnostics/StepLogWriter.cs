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
    public StepLogWriter(string directory) => csv = UpdateCsvLog.OpenAppending(Path.Combine(directory, FileName), string.Join(',', StepRecord.Names));

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
                .Append(UpdateCsvLog.Number(row.KlMean)).Append(',')
                .Append(UpdateCsvLog.Number(row.RatioLog10Max)).Append(',')
                .Append(row.RatioLog10MaxClipped is { } clipped ? UpdateCsvLog.Number(clipped) : string.Empty).Append(',')
                .Append(UpdateCsvLog.Number(row.Loss)).Append(',')
                .Append(UpdateCsvLog.Number(row.GradNorm)).Append(',')
                .Append(row.Exploded ? "true" : "false");
            csv.WriteLine(line);
        }

        csv.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => csv.Dispose();

    /// <summary>Rewrites steps.csv in <paramref name="directory"/> (if there is one) to its header and the whole rows of updates 1..<paramref name="updates"/>; 0 removes it.</summary>
    public static void KeepThrough(string directory, long updates) => UpdateCsvLog.KeepThrough(directory, FileName, updates);
}
