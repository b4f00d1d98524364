using System.Globalization;
using System.Text;
using System.Text.Json;
using Kernel.Algorithms.Files;

namespace Kernel.Experiments.Sweeps;

/// <summary>
/// Runs a sweep on a Slurm cluster as one job array per stage and submission: one array task per unfinished cell, whose task
/// id is the cell's index and which runs <c>kernel sweep cell DIR --index $SLURM_ARRAY_TASK_ID</c> (the same
/// <see cref="CellExecutor"/> as the local runner, so resume and the cell files are the same). The script is kept in
/// slurm/ for inspection; job ids go to slurm/jobs.json. Queue states come from <c>squeue</c> and the cells' own
/// files; <c>sacct</c> is not used (it needs slurmdbd). The sweep directory must be on a file system the nodes share.
/// Thread-safety: one call at a time per sweep.
/// </summary>
public sealed class SlurmBackend(SweepLayout layout, SweepSpec spec, KernelCommand kernel)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private string JobsPath => Path.Combine(layout.SlurmDirectory, "jobs.json");

    /// <summary>
    /// Writes a job script for the cells that are not done and submits it with sbatch, one job array per stage, each
    /// stage's array held by Slurm until the previous one has ended (<c>--dependency=afterany</c>); returns the jobs, in
    /// stage order (none when every cell is done).
    /// </summary>
    /// <exception cref="ArgumentException">Tasks of an earlier job of this sweep are still queued or running.</exception>
    /// <exception cref="InvalidOperationException">sbatch is missing or refuses the job (its message is included).</exception>
    public IReadOnlyList<SlurmJob> Submit(SlurmOptions options)
    {
        layout.Prepare(spec);
        string[] active = ActiveTasks().Select(task => task.Task).ToArray();
        if (active.Length > 0)
        {
            throw new ArgumentException($"out = {layout.Directory}: tasks {string.Join(", ", active.Take(5))} of this sweep are still in Slurm's queue; wait for them or run kernel sweep cancel.", "out");
        }

        var stages = spec.Cells.Where(cell => !CellStatus.Read(layout.CellStatusPath(cell), cell.Id).Done)
            .GroupBy(cell => cell.Stage)
            .OrderBy(stage => stage.Key);
        string logs = Path.Combine(layout.SlurmDirectory, "logs");
        Directory.CreateDirectory(logs);
        var submitted = new List<SlurmJob>();
        foreach (IGrouping<int, SweepCell> stage in stages)
        {
            int[] cells = [.. stage.Select(cell => cell.Index)];
            IReadOnlyList<SlurmJob> jobs = Jobs();
            string script = Path.Combine(layout.SlurmDirectory, $"job-{jobs.Count + 1}.sh");
            File.WriteAllText(script, Script(cells, options, logs, submitted.LastOrDefault()?.JobId));
            (int exit, string output, string error) = ExternalTool.Run("sbatch", "--parsable", script);
            if (exit != 0)
            {
                throw new InvalidOperationException($"sbatch refused {script}: {error.Trim()}");
            }

            var job = new SlurmJob(output.Trim().Split(';')[0], script, cells, DateTime.UtcNow);
            AtomicFile.WriteAllText(JobsPath, JsonSerializer.Serialize(jobs.Append(job).ToArray(), Json));
            submitted.Add(job);
        }

        return submitted;
    }

    /// <summary>
    /// The job script for <paramref name="cells"/>: an sbatch header and one absolute command line; held until job
    /// <paramref name="afterJob"/> has ended when given.
    /// </summary>
    public string Script(IReadOnlyList<int> cells, SlurmOptions options, string logDirectory, string? afterJob = null)
    {
        var text = new StringBuilder();
        text.AppendLine("#!/bin/sh");
        text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --job-name={KernelCommand.ShellQuote("kernel-" + spec.Name)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --array={string.Join(',', cells)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(logDirectory, "%A_%a.out")}");
        if (afterJob is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --dependency=afterany:{afterJob}");
        }

        if (options.Partition is { } partition)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}");
        }

        if (options.Time is { } time)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --time={time}");
        }

        if (options.CpusPerTask is { } cpus)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={cpus}");
        }

        if (options.Memory is { } memory)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --mem={memory}");
        }

        text.AppendLine("# One array task per cell: the task id is the cell's index in sweep.json.");
        text.AppendLine(CultureInfo.InvariantCulture, $"exec {kernel.ShellLine(["sweep", "cell", layout.Directory, "--index"])} \"$SLURM_ARRAY_TASK_ID\"");
        return text.ToString();
    }

    /// <summary>The jobs submitted for this sweep so far (empty when none).</summary>
    public IReadOnlyList<SlurmJob> Jobs() =>
        File.Exists(JobsPath) ? JsonSerializer.Deserialize<SlurmJob[]>(File.ReadAllText(JobsPath), Json) ?? [] : [];

    /// <summary>
    /// This sweep's array tasks still in Slurm's queue (pending, running, completing), as ("JOBID_TASK", state),
    /// from squeue; tasks that left the queue are not listed (their cells' files tell how they ended).
    /// </summary>
    public IReadOnlyList<(string Task, int Cell, string State)> ActiveTasks()
    {
        HashSet<string> ids = [.. Jobs().Select(job => job.JobId)];
        if (ids.Count == 0)
        {
            return [];
        }

        (int exit, string output, string error) = ExternalTool.Run("squeue", "--noheader", "--array", "--format=%F %K %T");
        if (exit != 0)
        {
            throw new InvalidOperationException($"squeue failed: {error.Trim()}");
        }

        var tasks = new List<(string, int, string)>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 3 && ids.Contains(fields[0]) && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int cell))
            {
                tasks.Add(($"{fields[0]}_{fields[1]}", cell, fields[2]));
            }
        }

        return tasks;
    }

    /// <summary>Cancels this sweep's jobs still in the queue (scancel); their running cells record themselves as interrupted.</summary>
    /// <returns>The job ids cancelled.</returns>
    public IReadOnlyList<string> Cancel()
    {
        string[] jobs = [.. ActiveTasks().Select(task => task.Task.Split('_')[0]).Distinct()];
        foreach (string job in jobs)
        {
            (int exit, _, string error) = ExternalTool.Run("scancel", job);
            if (exit != 0)
            {
                throw new InvalidOperationException($"scancel {job} failed: {error.Trim()}");
            }
        }

        return jobs;
    }

    /// <summary>
    /// Polls squeue and the cells' files every <paramref name="interval"/> until none of this sweep's tasks is queued,
    /// reporting progress when something changed; returns every cell's status.
    /// </summary>
    public async Task<IReadOnlyList<CellStatus>> WaitAsync(TimeSpan interval, IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string last = string.Empty;
        while (true)
        {
            var active = ActiveTasks();
            CellStatus[] statuses = [.. spec.Cells.Select(cell => CellStatus.Read(layout.CellStatusPath(cell), cell.Id))];
            int running = active.Count(task => task.State is "RUNNING" or "COMPLETING");
            string now = $"{active.Count} {running} {string.Join(',', statuses.Select(status => (int)status.State))}";
            if (now != last)
            {
                last = now;
                progress?.Report(new SweepProgress(
                    statuses.Length,
                    statuses.Count(status => status.State == CellState.Finished),
                    statuses.Count(status => status.State == CellState.Exploded),
                    statuses.Count(status => status.State == CellState.Failed),
                    running,
                    clock.Elapsed,
                    null,
                    $"{active.Count} tasks in Slurm's queue, {running} running"));
            }

            if (active.Count == 0)
            {
                return statuses;
            }

            await Task.Delay(interval, cancel).ConfigureAwait(false);
        }
    }
}
