using System.Diagnostics;

namespace Kernel.Experiments.Sweeps;

/// <summary>
/// Runs one cell as a <c>kernel</c> child process (<c>kernel train</c> unless the cell names another command, always
/// with <c>--out</c> its directory) and records the outcome in the cell's cell.json. A training cell whose run
/// directory holds a checkpoint continues with <c>kernel train --resume</c> (bit for bit, as the trainer guarantees);
/// any other unfinished cell starts again from an empty directory. Exit 0 is
/// <see cref="CellState.Finished"/>, 3 <see cref="CellState.Exploded"/> (a result), 130/137/143 (SIGINT, SIGKILL,
/// SIGTERM from outside) <see cref="CellState.Interrupted"/>, anything else <see cref="CellState.Failed"/> with the
/// last lines of the child's output. Used by the local runner and by each Slurm array task alike.
/// Thread-safety: one call per cell at a time; calls for different cells may run concurrently.
/// </summary>
public sealed class CellExecutor
{
    /// <summary>How many lines of a failed child's output the status keeps.</summary>
    public const int FailureLines = 15;

    private readonly SweepLayout layout;
    private readonly SweepSpec spec;
    private readonly KernelCommand kernel;
    private readonly int threadsPerCell;

    /// <summary>An executor for the cells of <paramref name="spec"/> under <paramref name="layout"/>.</summary>
    /// <param name="layout">The sweep's directory.</param>
    /// <param name="spec">The sweep's spec.</param>
    /// <param name="kernel">How to start <c>kernel</c>.</param>
    /// <param name="threadsPerCell">The child's DOTNET_PROCESSOR_COUNT (its GEMM threads), at least 1.</param>
    public CellExecutor(SweepLayout layout, SweepSpec spec, KernelCommand kernel, int threadsPerCell)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadsPerCell, 1);
        this.layout = layout;
        this.spec = spec;
        this.kernel = kernel;
        this.threadsPerCell = threadsPerCell;
    }

    /// <summary>The arguments of the <c>kernel</c> child that runs (or resumes) <paramref name="cell"/> now.</summary>
    public IReadOnlyList<string> ChildArguments(SweepCell cell)
    {
        string directory = layout.CellDirectory(cell);
        if (!cell.IsTraining)
        {
            return [.. cell.Command.Split(' '), "--out", directory, .. cell.Arguments(layout.CellsDirectory)];
        }

        if (HasCheckpoint(directory))
        {
            return [SweepCell.TrainCommand, "--resume", directory];
        }

        var arguments = new List<string> { SweepCell.TrainCommand, "--out", directory };
        if (spec.BaseConfig is not null)
        {
            arguments.Add("--config");
            arguments.Add(spec.BaseConfig);
        }

        arguments.AddRange(cell.Arguments(layout.CellsDirectory));
        return arguments;
    }

    /// <summary>
    /// Runs <paramref name="cell"/> unless it is done, and returns its new status. Cancelling kills the child (and its
    /// children) and records the cell as interrupted.
    /// </summary>
    public async Task<CellStatus> RunAsync(SweepCell cell, CancellationToken cancel)
    {
        string statusPath = layout.CellStatusPath(cell);
        CellStatus previous = CellStatus.Read(statusPath, cell.Id);
        if (previous.Done)
        {
            return previous;
        }

        string directory = layout.CellDirectory(cell);
        bool resume = cell.IsTraining && HasCheckpoint(directory);
        if (!resume)
        {
            ClearRunFiles(directory);
        }

        IReadOnlyList<string> arguments = ChildArguments(cell);
        int attempt = previous.Attempts + 1;
        DateTime started = DateTime.UtcNow;
        CellStatus running = previous with { State = CellState.Running, Attempts = attempt, Host = Environment.MachineName, StartedUtc = started, FinishedUtc = null, ExitCode = null, Message = resume ? "resumed from its latest checkpoint" : null };
        running.Write(statusPath);

        var info = new ProcessStartInfo(kernel.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in kernel.Prefix.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_PROCESSOR_COUNT"] = threadsPerCell.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string logPath = Path.Combine(directory, SweepLayout.CellLogFileName);
        var attemptLines = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        int exitCode;
        bool interrupted = false;
        await using (var log = new StreamWriter(logPath, append: true) { AutoFlush = true })
        {
            var gate = new object();
            void Append(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (gate)
                {
                    log.WriteLine(line);
                    attemptLines.Add(line);
                }
            }

            Append($"--- attempt {attempt} at {started:O} on {Environment.MachineName}: {kernel.ShellLine(arguments)}");
            using var child = new Process { StartInfo = info };
            child.OutputDataReceived += (_, e) => Append(e.Data);
            child.ErrorDataReceived += (_, e) => Append(e.Data);
            try
            {
                child.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                CellStatus failed = running with { State = CellState.Failed, FinishedUtc = DateTime.UtcNow, Message = $"cannot start {kernel.FileName}: {e.Message}" };
                failed.Write(statusPath);
                return failed;
            }

            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            try
            {
                await child.WaitForExitAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                interrupted = true;
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            exitCode = child.ExitCode;
        }

        CellState state = interrupted ? CellState.Interrupted : exitCode switch
        {
            0 => CellState.Finished,
            3 => CellState.Exploded,
            130 or 137 or 143 => CellState.Interrupted,
            _ => CellState.Failed,
        };
        string? message = state switch
        {
            CellState.Failed => string.Join('\n', attemptLines.TakeLast(FailureLines)),
            CellState.Interrupted => interrupted ? "stopped by its runner" : $"stopped by a signal (exit {exitCode})",
            CellState.Exploded => attemptLines.LastOrDefault(line => line.Contains("exploded", StringComparison.Ordinal)),
            _ => null,
        };
        CellStatus result = running with { State = state, ExitCode = exitCode, WallSeconds = previous.WallSeconds + stopwatch.Elapsed.TotalSeconds, FinishedUtc = DateTime.UtcNow, Message = message };
        result.Write(statusPath);
        return result;
    }

    /// <summary>Whether a run directory holds a checkpoint that <c>kernel train --resume</c> can continue from.</summary>
    public static bool HasCheckpoint(string runDirectory) =>
        File.Exists(Path.Combine(runDirectory, "config.json"))
        && Directory.Exists(Path.Combine(runDirectory, "checkpoints"))
        && Directory.EnumerateFiles(Path.Combine(runDirectory, "checkpoints"), "*.safetensors").Any();

    /// <summary>Empties a run directory for a fresh start, keeping only the cell's own status and log.</summary>
    private static void ClearRunFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (string path in Directory.EnumerateFileSystemEntries(directory))
        {
            string name = Path.GetFileName(path);
            if (name is SweepLayout.CellStatusFileName or SweepLayout.CellLogFileName)
            {
                continue;
            }

            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
    }
}
