using System.Globalization;

namespace Kernel.Experiments.Sweeps;

/// <summary>
/// The embedded runner: runs a sweep's unfinished cells as <c>kernel</c> children on this machine, stage by stage, at
/// most <c>jobs</c> at a time, each child with <c>max(1, cores / jobs)</c> GEMM threads. Finished and exploded cells are
/// skipped, interrupted ones resume from their last checkpoint, failed ones start again; a failed cell does not stop
/// the others. One local runner per sweep directory at a time (runner.lock).
/// Thread-safety: one <see cref="RunAsync"/> per instance at a time.
/// </summary>
public sealed class LocalRunner(SweepLayout layout, SweepSpec spec, KernelCommand kernel, int jobs)
{
    /// <summary>The file holding the process id of the runner working on the sweep (for <c>kernel sweep cancel</c>).</summary>
    public string PidPath => Path.Combine(layout.Directory, "runner.pid");

    /// <summary>Asks the local runner working on this sweep to stop (SIGTERM): its cells become interrupted. False when none runs.</summary>
    public bool Cancel() => File.Exists(PidPath) && ExternalTool.Run("kill", "-TERM", File.ReadAllText(PidPath).Trim()).ExitCode == 0;

    /// <summary>
    /// Runs every cell that is not done and returns all cells' statuses (in cell order). Cancelling stops the
    /// children, records their cells as interrupted and returns.
    /// </summary>
    /// <exception cref="ArgumentException">jobs &lt; 1, or another runner works on this sweep.</exception>
    public async Task<IReadOnlyList<CellStatus>> RunAsync(IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        if (jobs < 1)
        {
            throw new ArgumentException($"jobs = {jobs}: must be at least 1.", nameof(jobs));
        }

        layout.Prepare(spec);
        using FileStream runnerLock = Lock();
        File.WriteAllText(PidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            return await RunCellsAsync(progress, cancel).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(PidPath);
        }
    }

    private async Task<IReadOnlyList<CellStatus>> RunCellsAsync(IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        var statuses = spec.Cells.Select(cell => CellStatus.Read(layout.CellStatusPath(cell), cell.Id)).ToArray();
        var executor = new CellExecutor(layout, spec, kernel, Math.Max(1, Environment.ProcessorCount / jobs));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var gate = new object();
        var cellSeconds = new List<double>();
        int running = 0;
        int failed = 0;

        void Report(string lastEvent)
        {
            if (progress is null)
            {
                return;
            }

            SweepProgress snapshot;
            lock (gate)
            {
                int finished = statuses.Count(status => status.State == CellState.Finished);
                int exploded = statuses.Count(status => status.State == CellState.Exploded);
                int left = statuses.Length - finished - exploded - failed;
                TimeSpan? eta = cellSeconds.Count == 0 ? null : TimeSpan.FromSeconds(cellSeconds.Average() * Math.Ceiling((double)left / jobs));
                snapshot = new SweepProgress(statuses.Length, finished, exploded, failed, running, clock.Elapsed, eta, lastEvent);
            }

            progress.Report(snapshot);
        }

        SweepCell[] todo = [.. spec.Cells.Where(cell => !statuses[cell.Index].Done)];
        Report($"{statuses.Length - todo.Length} of {statuses.Length} cells already done; running {todo.Length} with {jobs} jobs");
        try
        {
            // A stage starts once every cell of the earlier stages has ended (an analysis cell reads a training cell's run).
            foreach (IGrouping<int, SweepCell> stage in todo.GroupBy(cell => cell.Stage).OrderBy(group => group.Key))
            {
                await Parallel.ForEachAsync(stage, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancel }, async (cell, token) =>
                {
                    Interlocked.Increment(ref running);
                    Report($"{cell.Id} started");
                    double before = statuses[cell.Index].WallSeconds;
                    CellStatus status = await executor.RunAsync(cell, token).ConfigureAwait(false);
                    Interlocked.Decrement(ref running);
                    lock (gate)
                    {
                        statuses[cell.Index] = status;
                        if (status.State == CellState.Failed)
                        {
                            failed++;
                        }
                        else if (status.Done)
                        {
                            cellSeconds.Add(status.WallSeconds - before);
                        }
                    }

                    Report(status.State switch
                    {
                        CellState.Failed => $"{cell.Id} FAILED (exit {status.ExitCode}): {status.Message?.Split('\n').LastOrDefault(line => line.Trim().Length > 0)}",
                        _ => string.Create(CultureInfo.InvariantCulture, $"{cell.Id} {status.State.ToString().ToLowerInvariant()} after {status.WallSeconds - before:F1} s"),
                    });
                }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Report("interrupted: running cells resume on the next kernel sweep run");
        }

        return [.. spec.Cells.Select(cell => CellStatus.Read(layout.CellStatusPath(cell), cell.Id))];
    }

    private FileStream Lock()
    {
        try
        {
            return new FileStream(layout.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string holder = File.Exists(PidPath) ? $" (process {File.ReadAllText(PidPath).Trim()})" : string.Empty;
            throw new ArgumentException($"out = {layout.Directory}: another runner{holder} is working on this sweep; wait for it or stop it with kernel sweep cancel.", "out");
        }
    }
}
