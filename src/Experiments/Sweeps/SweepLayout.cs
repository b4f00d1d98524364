using Kernel.Algorithms.Files;
namespace Kernel.Experiments.Sweeps;

/// <summary>
/// Where a sweep keeps its files under its directory: sweep.json (the spec it runs), cells/&lt;id&gt;/ (each cell's
/// ordinary run directory, plus cell.json with its state and train.log with the child's output), slurm/ (job
/// scripts, job ids and Slurm's own logs), summary.csv / summary.json and figures/ (from collect).
/// Thread-safety: immutable.
/// </summary>
/// <param name="Directory">The sweep directory (absolute).</param>
public sealed record SweepLayout(string Directory)
{
    /// <summary>The file name of a cell's state inside its run directory.</summary>
    public const string CellStatusFileName = "cell.json";

    /// <summary>The file name of a cell's console output (all attempts) inside its run directory.</summary>
    public const string CellLogFileName = "train.log";

    /// <summary>A layout for <paramref name="directory"/> made absolute.</summary>
    public static SweepLayout At(string directory) => new(Path.GetFullPath(directory));

    /// <summary>The spec the sweep runs.</summary>
    public string SpecPath => Path.Combine(Directory, "sweep.json");

    /// <summary>The lock a local runner holds while it runs cells.</summary>
    public string LockPath => Path.Combine(Directory, "runner.lock");

    /// <summary>The folder holding one run directory per cell.</summary>
    public string CellsDirectory => Path.Combine(Directory, "cells");

    /// <summary>The folder of the Slurm backend's scripts, job list and logs.</summary>
    public string SlurmDirectory => Path.Combine(Directory, "slurm");

    /// <summary>The tidy table written by collect (CSV).</summary>
    public string SummaryCsvPath => Path.Combine(Directory, "summary.csv");

    /// <summary>The tidy table written by collect (JSON).</summary>
    public string SummaryJsonPath => Path.Combine(Directory, "summary.json");

    /// <summary>The folder of the figures written by collect.</summary>
    public string FiguresDirectory => Path.Combine(Directory, "figures");

    /// <summary>The run directory of a cell.</summary>
    public string CellDirectory(SweepCell cell) => Path.Combine(CellsDirectory, cell.Id);

    /// <summary>The state file of a cell.</summary>
    public string CellStatusPath(SweepCell cell) => Path.Combine(CellDirectory(cell), CellStatusFileName);

    /// <summary>Reads sweep.json.</summary>
    /// <exception cref="ArgumentException">The directory holds no sweep, or its sweep.json is not a spec.</exception>
    public SweepSpec ReadSpec()
    {
        if (!File.Exists(SpecPath))
        {
            throw new ArgumentException($"sweep = {Directory}: no sweep.json there (kernel sweep run SPEC --out DIR makes one).", "sweep");
        }

        return SweepSpec.Parse(File.ReadAllText(SpecPath), Directory);
    }

    /// <summary>
    /// Writes sweep.json for a new sweep, or checks that an existing one describes the same cells (a rerun resumes
    /// it); a different spec is refused, since its cells would mix with the old ones.
    /// </summary>
    /// <exception cref="ArgumentException">The directory holds a sweep with another spec.</exception>
    public void Prepare(SweepSpec spec)
    {
        System.IO.Directory.CreateDirectory(CellsDirectory);
        string json = spec.ToJson();
        if (File.Exists(SpecPath))
        {
            if (File.ReadAllText(SpecPath) != json)
            {
                throw new ArgumentException($"out = {Directory}: holds a sweep with another spec (its sweep.json); give a new directory, or the same spec to resume.", "out");
            }

            return;
        }

        AtomicFile.WriteAllText(SpecPath, json);
    }
}
