using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Sweeps;

/// <summary>The local runner with real <c>kernel train</c> children.</summary>
public sealed class LocalRunnerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-sweep-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task ACrashingCellIsReportedAndTheOthersRunAnExplosionIsAResult()
    {
        // fp16 with the ratio-explosion experiment's reward scale: the advantages (~1e8) overflow fp16 in update 1 (exit 3).
        KeyValuePair<string, string>[] explode =
        [
            new("env", "DoublePendulum-v0"), new("precision", "fp16"), new("envs", "1"), new("rollout-steps", "1000"), new("steps", "1000"),
            new("mean-shift", "100"), new("normalize-advantages", "false"), new("normalize-observations", "false"), new("scale-rewards", "false"),
            new("policy-hidden", "16,16"), new("value-hidden", "16,16"), new("checkpoint-every", "0"),
        ];
        var spec = new SweepSpec("mixed", TestKernel.TinyRun(2), [new SweepAxis("seed", ["1", "2"])], include:
        [
            [new("seed", "3"), new("env", "Nope-v0")],
            [new("seed", "4"), .. explode],
        ]);
        SweepLayout layout = SweepLayout.At(directory);
        var events = new List<SweepProgress>();
        IReadOnlyList<CellStatus> statuses = await new LocalRunner(layout, spec, TestKernel.Command, jobs: 2).RunAsync(new SyncProgress(events.Add), CancellationToken.None);

        Assert.Equal([CellState.Finished, CellState.Finished, CellState.Failed, CellState.Exploded], statuses.Select(status => status.State));
        Assert.Equal([0, 0, 2, 3], statuses.Select(status => status.ExitCode ?? -1));
        Assert.Contains("kernel train: env = Nope-v0: must be one of Pendulum-v1", statuses[2].Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(layout.CellDirectory(spec.Cells[3]), "numerics.json")));
        Assert.Equal(4, events[^1].Total);
        Assert.Equal(3, events[^1].Done);
        Assert.Equal(1, events[^1].Failed);
        Assert.Contains(events, e => e.LastEvent.StartsWith("seed=3_env=Nope-v0 FAILED (exit 2)", StringComparison.Ordinal));

        // A second run skips the finished and exploded cells and retries only the failed one.
        IReadOnlyList<CellStatus> again = await new LocalRunner(layout, spec, TestKernel.Command, jobs: 2).RunAsync(null, CancellationToken.None);
        Assert.Equal([1, 1, 2, 1], again.Select(status => status.Attempts));
    }

    [Fact]
    public async Task ACellKilledMidRunResumesFromItsCheckpointBitForBit()
    {
        // Enough updates that the kill lands mid-run: the child writes a checkpoint per update, and with 30 (a few
        // milliseconds each) a fast build finished the whole run between two polls.
        const int updates = 300;
        var spec = new SweepSpec("resume", TestKernel.TinyRun(updates), [new SweepAxis("seed", ["1"])]);
        SweepLayout interrupted = SweepLayout.At(Path.Combine(directory, "interrupted"));
        SweepCell cell = spec.Cells[0];
        string checkpoints = Path.Combine(interrupted.CellDirectory(cell), "checkpoints");
        using (var stop = new CancellationTokenSource())
        {
            Task<IReadOnlyList<CellStatus>> run = new LocalRunner(interrupted, spec, TestKernel.Command, jobs: 1).RunAsync(null, stop.Token);
            while (!run.IsCompleted && !(Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints, "*.safetensors").Length >= 3))
            {
                await Task.Delay(20);
            }

            stop.Cancel(); // kills the kernel train child
            IReadOnlyList<CellStatus> first = await run;
            Assert.Equal(CellState.Interrupted, first[0].State);
        }

        int written = File.ReadAllLines(Path.Combine(interrupted.CellDirectory(cell), RunMetrics.FileName)).Length - 1;
        Assert.InRange(written, 3, updates - 1);
        IReadOnlyList<CellStatus> resumed = await new LocalRunner(interrupted, spec, TestKernel.Command, jobs: 1).RunAsync(null, CancellationToken.None);
        Assert.Equal(CellState.Finished, resumed[0].State);
        Assert.Equal(2, resumed[0].Attempts);
        Assert.Contains($"train --resume {interrupted.CellDirectory(cell)}", File.ReadAllText(Path.Combine(interrupted.CellDirectory(cell), SweepLayout.CellLogFileName)), StringComparison.Ordinal);

        SweepLayout whole = SweepLayout.At(Path.Combine(directory, "whole"));
        await new LocalRunner(whole, spec, TestKernel.Command, jobs: 1).RunAsync(null, CancellationToken.None);
        string expected = File.ReadAllText(Path.Combine(whole.CellDirectory(cell), RunMetrics.FileName));
        Assert.Equal(updates + 1, expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(expected, File.ReadAllText(Path.Combine(interrupted.CellDirectory(cell), RunMetrics.FileName)));
    }

    [Fact]
    public async Task ALaterStageSAnalysisCellReadsTheTrainingCellSFinishedRun()
    {
        // With two jobs the eval cell would start beside the training cell, and fail (no run to read), were it not held until stage 0 ended.
        var spec = new SweepSpec("staged", TestKernel.TinyRun(2), [new SweepAxis("seed", ["1"])], include:
        [
            [new("command", "eval"), new("stage", "1"), new("run", "{cells}/seed=1"), new("episodes", "2")],
        ]);
        Assert.Equal(["seed=1", "command=eval_stage=1_run=~cells~~seed~1_episodes=2"], spec.Cells.Select(cell => cell.Id));
        SweepLayout layout = SweepLayout.At(directory);
        IReadOnlyList<CellStatus> statuses = await new LocalRunner(layout, spec, TestKernel.Command, jobs: 2).RunAsync(null, CancellationToken.None);

        Assert.All(statuses, status => Assert.Equal(CellState.Finished, status.State));
        string evalJson = File.ReadAllText(Path.Combine(layout.CellDirectory(spec.Cells[1]), "eval.json"));
        Assert.Contains(Path.Combine(layout.CellDirectory(spec.Cells[0]), "checkpoints"), evalJson, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.Json.Nodes.JsonNode.Parse(evalJson)!["returns"]!.AsArray().Count);
    }

    [Fact]
    public async Task ASecondRunnerOnTheSameSweepIsRefused()
    {
        var spec = new SweepSpec("lock", TestKernel.TinyRun(1), [new SweepAxis("seed", ["1"])]);
        SweepLayout layout = SweepLayout.At(directory);
        layout.Prepare(spec);
        using var held = new FileStream(layout.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new LocalRunner(layout, spec, TestKernel.Command, 1).RunAsync(null, CancellationToken.None));
        Assert.StartsWith($"out = {layout.Directory}: another runner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherSpecInTheSameDirectoryIsRefused()
    {
        SweepLayout layout = SweepLayout.At(directory);
        layout.Prepare(new SweepSpec("a", [], [new SweepAxis("seed", ["1"])]));
        var error = Assert.Throws<ArgumentException>(() => layout.Prepare(new SweepSpec("a", [], [new SweepAxis("seed", ["2"])])));
        Assert.StartsWith($"out = {layout.Directory}: holds a sweep with another spec", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and race the asserts).</summary>
    private sealed class SyncProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        private readonly object gate = new();

        public void Report(SweepProgress value)
        {
            lock (gate)
            {
                report(value);
            }
        }
    }
}
