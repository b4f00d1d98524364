using System.Diagnostics;
using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Sweeps;

/// <summary>
/// A real Slurm run on the one-node cluster of scripts/slurm-local (skipped with the reason when it cannot start):
/// a 6-cell job array, one cell cancelled mid-run and resumed by a second submission.
/// </summary>
public sealed class SlurmBackendTests(LocalSlurmCluster cluster) : IClassFixture<LocalSlurmCluster>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-slurm-sweep-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TheJobScriptRunsEachCellByItsIndexWithAnAbsoluteCommand()
    {
        var spec = new SweepSpec("script", TestKernel.TinyRun(1), [new SweepAxis("seed", ["1", "2", "3"])]);
        SweepLayout layout = SweepLayout.At(directory);
        string script = new SlurmBackend(layout, spec, new KernelCommand("/opt/kernel/kernel", [])).Script([0, 2], new SlurmOptions("short", "00:10:00", 2, "1G"), "/logs");
        Assert.Equal(
            $"""
            #!/bin/sh
            #SBATCH --job-name=kernel-script
            #SBATCH --array=0,2
            #SBATCH --output=/logs/%A_%a.out
            #SBATCH --partition=short
            #SBATCH --time=00:10:00
            #SBATCH --cpus-per-task=2
            #SBATCH --mem=1G
            # One array task per cell: the task id is the cell's index in sweep.json.
            exec /opt/kernel/kernel sweep cell {layout.Directory} --index "$SLURM_ARRAY_TASK_ID"

            """,
            script);
    }

    [Fact]
    public void ALaterStageSScriptWaitsForTheEarlierJob()
    {
        var spec = new SweepSpec("script", TestKernel.TinyRun(1), [new SweepAxis("seed", ["1"])]);
        string script = new SlurmBackend(SweepLayout.At(directory), spec, new KernelCommand("/opt/kernel/kernel", [])).Script([0], new SlurmOptions(), "/logs", afterJob: "41");
        Assert.Contains("#SBATCH --output=/logs/%A_%a.out\n#SBATCH --dependency=afterany:41\n", script, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AJobArrayRunsEveryCellAndACancelledCellResumesBitForBit()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        var spec = new SweepSpec("slurm-test", TestKernel.TinyRun(25), [new SweepAxis("algo", ["ppo", "vpg"]), new SweepAxis("seed", ["1", "2", "3"])]);
        SweepLayout layout = SweepLayout.At(directory);
        var backend = new SlurmBackend(layout, spec, TestKernel.Command);
        SlurmJob job = Assert.Single(backend.Submit(new SlurmOptions(CpusPerTask: 1)));
        Assert.Equal([0, 1, 2, 3, 4, 5], job.Cells);
        Assert.True(File.Exists(job.Script));

        // Cancel cell 0 once it has written two checkpoints.
        SweepCell victim = spec.Cells[0];
        string checkpoints = Path.Combine(layout.CellDirectory(victim), "checkpoints");
        var clock = Stopwatch.StartNew();
        while (!(Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints, "*.safetensors").Length >= 2))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "cell 0 wrote no checkpoints within 3 minutes");
            await Task.Delay(50);
        }

        var cancel = Process.Start("scancel", [$"{job.JobId}_{victim.Index}"])!;
        await cancel.WaitForExitAsync();
        Assert.Equal(0, cancel.ExitCode);
        IReadOnlyList<CellStatus> first = await backend.WaitAsync(TimeSpan.FromMilliseconds(500), null, CancellationToken.None);
        Assert.Equal(CellState.Interrupted, first[0].State);
        Assert.All(first.Skip(1), status => Assert.Equal(CellState.Finished, status.State));

        SlurmJob again = Assert.Single(backend.Submit(new SlurmOptions()));
        Assert.Equal([0], again.Cells);
        IReadOnlyList<CellStatus> second = await backend.WaitAsync(TimeSpan.FromMilliseconds(500), null, CancellationToken.None);
        Assert.All(second, status => Assert.Equal(CellState.Finished, status.State));
        Assert.Equal(2, second[0].Attempts);
        Assert.Empty(backend.Submit(new SlurmOptions()));

        // The cell's config.json reruns it alone; the resumed metrics equal the uninterrupted run's.
        string rerun = Path.Combine(directory, "rerun");
        var train = Process.Start(TestKernel.Command.FileName, [.. TestKernel.Command.Prefix, "train", "--config", Path.Combine(layout.CellDirectory(victim), "config.json"), "--out", rerun])!;
        await train.WaitForExitAsync();
        Assert.Equal(0, train.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(rerun, RunMetrics.FileName)), File.ReadAllText(Path.Combine(layout.CellDirectory(victim), RunMetrics.FileName)));
    }
}
