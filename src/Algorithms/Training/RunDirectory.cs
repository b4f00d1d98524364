using System.Globalization;
using Kernel.Algorithms.Diagnostics;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The rules that keep one run per directory: a new run refuses a directory that already holds a run's files (one
/// line offering --resume, another --out, or --overwrite, which first removes the old run's files and only those);
/// a path that is a file, a device, empty, or has one of the run's names taken by something of the wrong kind is
/// refused before anything is written; on resume, the checkpoint to continue from is the latest one whose update the
/// metrics files hold whole, and the files and checkpoints after it are cut before anything new is written.
/// Thread-safety: stateless; one process per run directory.
/// </summary>
public static class RunDirectory
{
    /// <summary>The entries a run writes into its directory (files, then folders).</summary>
    public static IReadOnlyList<string> RunEntries { get; } =
    [
        TrainingRun.ConfigFileName, MetricsWriter.CsvFileName, MetricsWriter.JsonLinesFileName, TrainingRun.NumericsFileName,
        StepLogWriter.FileName, UpdateTiming.FileName, RunTimeSplit.FileName, PeriodicEvaluation.FileName, TrainingRun.CheckpointsFolder, TrainingRun.PlotsFolder,
    ];

    private static readonly HashSet<string> Folders = new(StringComparer.Ordinal) { TrainingRun.CheckpointsFolder, TrainingRun.PlotsFolder };

    /// <summary>
    /// Makes <paramref name="directory"/> ready for a new run: refuses a run's files there unless
    /// <paramref name="overwrite"/>, in which case it removes them (other files are left alone); creates the directory.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty, is a file or device, holds a run (without overwrite), or one of the run's names is taken by the wrong kind of entry; the message is one line starting "out = ".</exception>
    /// <exception cref="IOException">The directory cannot be created or an old file cannot be removed.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static void PrepareNew(string directory, bool overwrite)
    {
        foreach (string name in RequireUsable(directory, overwrite))
        {
            string path = Path.Combine(directory, name);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }

        Directory.CreateDirectory(directory);
    }

    /// <summary>Checks, writing nothing, that <see cref="PrepareNew"/> would accept <paramref name="directory"/>; returns the run entries it would remove.</summary>
    /// <exception cref="ArgumentException">As <see cref="PrepareNew"/>.</exception>
    public static IReadOnlyList<string> RequireUsable(string directory, bool overwrite)
    {
        RequireDirectoryPath(directory, "out");
        string[] present = [.. RunEntries.Where(name => Path.Exists(Path.Combine(directory, name)))];
        if (present.Length > 0 && !overwrite)
        {
            throw new ArgumentException($"out = {directory}: the directory already holds a run ({string.Join(", ", present)}); continue it with --resume {directory}, choose another --out, or pass --overwrite to replace it.", "out");
        }

        return present;
    }

    /// <summary>Refuses a run directory whose entries are of the wrong kind (e.g. metrics.csv a folder, checkpoints a file) before a resume writes anything.</summary>
    /// <exception cref="ArgumentException">The path is not a directory or an entry has the wrong kind.</exception>
    public static void RequireResumable(string directory)
    {
        RequireDirectoryPath(directory, "resume");
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"resume = {directory}: no such directory; --resume takes a run directory written by kernel train.", "resume");
        }

        foreach (string name in RunEntries)
        {
            RequireKind(directory, name, "resume");
        }
    }

    /// <summary>
    /// The checkpoints in <paramref name="directory"/> by update, highest first (files named update-NNNNNN.safetensors).
    /// </summary>
    public static IReadOnlyList<(long Update, string Path)> Checkpoints(string directory)
    {
        string folder = Path.Combine(directory, TrainingRun.CheckpointsFolder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "update-*.safetensors")
            .Select(path => (Update: long.TryParse(Path.GetFileNameWithoutExtension(path)["update-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : -1, Path: path))
            .Where(candidate => candidate.Update >= 0)
            .OrderByDescending(candidate => candidate.Update)];
    }

    /// <summary>
    /// The checkpoint a resume continues from: the latest whose update both metrics files hold whole (a later one
    /// belongs to rows a killed writer tore, and the run reproduces it), or null when there is none (the run restarts
    /// from its first update, deterministically).
    /// </summary>
    public static (long Update, string Path)? ResumePoint(string directory)
    {
        long complete = MetricsRepair.CompleteRows(directory);
        foreach ((long update, string path) in Checkpoints(directory))
        {
            if (update <= complete)
            {
                return (update, path);
            }
        }

        return null;
    }

    /// <summary>
    /// Cuts the run in <paramref name="directory"/> back to update <paramref name="update"/>: metrics, steps, timing and eval rows after it,
    /// checkpoints after it and numerics.json (the report of an explosion after it) are removed.
    /// </summary>
    public static void CutAfter(string directory, long update)
    {
        MetricsRepair.KeepThrough(directory, update);
        StepLogWriter.KeepThrough(directory, update);
        UpdateCsvLog.KeepThrough(directory, UpdateTiming.FileName, update);
        UpdateCsvLog.KeepThrough(directory, PeriodicEvaluation.FileName, update);
        foreach ((long later, string path) in Checkpoints(directory))
        {
            if (later > update)
            {
                File.Delete(path);
            }
        }

        File.Delete(Path.Combine(directory, TrainingRun.NumericsFileName));
    }

    private static void RequireDirectoryPath(string directory, string option)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new ArgumentException($"{option} = \"{directory}\": must name a directory.", option);
        }

        if (File.Exists(directory) || (Path.Exists(directory) && !Directory.Exists(directory)))
        {
            throw new ArgumentException($"{option} = {directory}: is a file or device, not a directory.", option);
        }

        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (string name in RunEntries)
        {
            RequireKind(directory, name, option);
        }
    }

    private static void RequireKind(string directory, string name, string option)
    {
        string path = Path.Combine(directory, name);
        bool folder = Folders.Contains(name);
        if (folder ? File.Exists(path) : Directory.Exists(path))
        {
            throw new ArgumentException($"{option} = {directory}: {name} there is a {(folder ? "file" : "directory")}; a run keeps a {(folder ? "directory" : "file")} of that name.", option);
        }
    }
}
