using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Tests.Checkpoints;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>
/// One run per directory and resumes that never mix data: a directory holding a run is refused (or replaced with
/// overwrite), bad paths are refused before anything is written, a resume repairs torn metrics rows back to the
/// checkpoint they agree with (or restarts when there is none) and ends byte-identical to the uninterrupted run, a
/// smaller step budget is refused without touching config.json, and an interrupt stops after a whole update with a
/// checkpoint to resume from, or abandons a rollout in progress and writes the state of the last completed update.
/// </summary>
public sealed class RunSafetyTests : IDisposable
{
    private static readonly TrainConfig Config = new()
    {
        TotalSteps = 6 * 64,
        CheckpointEvery = 2,
        Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 32 },
        Optimizer = new OptimizerOptions { MinibatchSize = 32, Epochs = 1 },
        Policy = new PolicyOptions { Hidden = [4] },
        Value = new ValueOptions { Hidden = [4] },
    };

    private readonly string directory = Directory.CreateTempSubdirectory("kernel-run-safety-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ANewRunRefusesADirectoryHoldingARunAndOverwriteReplacesOnlyTheRunsFiles()
    {
        string run = Path.Combine(directory, "run");
        TrainingRun.Run(Config, run, figures: DrawMarker);
        File.WriteAllText(Path.Combine(run, "notes.txt"), "mine");
        Dictionary<string, string> before = RunDirectorySnapshot.Of(run);

        var error = Assert.Throws<ArgumentException>(() => TrainingRun.Run(Config with { Seed = 2 }, run));
        Assert.StartsWith($"out = {run}: the directory already holds a run (config.json, metrics.csv, metrics.jsonl, timing.csv, timings.json, checkpoints, plots); continue it with --resume {run}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, RunDirectorySnapshot.Of(run));

        TrainingRun.Run(Config with { TotalSteps = 128, CheckpointEvery = 0 }, run, overwrite: true);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(run, "notes.txt")));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, MetricsWriter.CsvFileName)).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(run, TrainingRun.CheckpointsFolder)));
        Assert.False(Directory.Exists(Path.Combine(run, TrainingRun.PlotsFolder)));
    }

    [Fact]
    public void TheFiguresHookDrawsWhenTheRunEndsAndADrawingFailureDoesNotFailTheRun()
    {
        string drawn = Path.Combine(directory, "drawn");
        var calls = new List<string>();
        TrainingOutcome outcome = TrainingRun.Run(Config, drawn, figures: run =>
        {
            // At the end every update's metrics row is in the file the figures are drawn from.
            Assert.Equal(Config.Updates + 1, File.ReadAllLines(Path.Combine(run, MetricsWriter.CsvFileName)).Length);
            calls.Add(run);
        });
        Assert.Equal([drawn], calls);
        Assert.Null(outcome.PlotsError);

        string failed = Path.Combine(directory, "failed");
        outcome = TrainingRun.Run(Config, failed, figures: _ => throw new InvalidOperationException("no usable font"));
        Assert.Equal(Config.Updates, outcome.Updates);
        Assert.Equal("no usable font", outcome.PlotsError);

        // Without a hook the library draws nothing.
        string plain = Path.Combine(directory, "plain");
        TrainingRun.Run(Config, plain);
        Assert.False(Directory.Exists(Path.Combine(plain, TrainingRun.PlotsFolder)));
    }

    /// <summary>A figures hook that leaves a file in plots/, as Kernel.Plots' RunPlots does.</summary>
    private static void DrawMarker(string run)
    {
        Directory.CreateDirectory(Path.Combine(run, TrainingRun.PlotsFolder));
        File.WriteAllText(Path.Combine(run, TrainingRun.PlotsFolder, "marker.png"), "figure");
    }

    [Theory]
    [InlineData("file", "is a file or device, not a directory")]
    [InlineData("", "must name a directory")]
    [InlineData("/dev/null", "is a file or device, not a directory")]
    [InlineData("metrics-folder", "metrics.csv there is a directory; a run keeps a file of that name")]
    [InlineData("checkpoints-file", "checkpoints there is a file; a run keeps a directory of that name")]
    public void APathThatCannotHoldARunIsRefusedBeforeAnythingIsWritten(string kind, string expected)
    {
        string path = kind switch
        {
            "file" => Path.Combine(directory, "a-file"),
            "" or "/dev/null" => kind,
            _ => Path.Combine(directory, kind),
        };
        if (kind == "file")
        {
            File.WriteAllText(path, "x");
        }
        else if (kind == "metrics-folder")
        {
            Directory.CreateDirectory(Path.Combine(path, MetricsWriter.CsvFileName));
        }
        else if (kind == "checkpoints-file")
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, TrainingRun.CheckpointsFolder), "x");
        }

        Dictionary<string, string> before = RunDirectorySnapshot.Of(directory);
        var error = Assert.Throws<ArgumentException>(() => TrainingRun.Run(Config, path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("out = ", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, RunDirectorySnapshot.Of(directory));
        Assert.Equal(before.Count, Directory.GetFileSystemEntries(directory, "*", SearchOption.AllDirectories).Count(File.Exists));
    }

    [Fact]
    public void ARunWithoutACheckpointResumesFromTheStartIntoTheUninterruptedRun()
    {
        string whole = Path.Combine(directory, "whole");
        string killed = Path.Combine(directory, "killed");
        TrainingRun.Run(Config, whole);
        TrainingRun.Run(Config, killed);
        Directory.Delete(Path.Combine(killed, TrainingRun.CheckpointsFolder), recursive: true);
        File.WriteAllText(Path.Combine(killed, MetricsWriter.CsvFileName), string.Join('\n', File.ReadAllLines(Path.Combine(killed, MetricsWriter.CsvFileName))[..2]) + "\n2,12");

        TrainingOutcome outcome = TrainingRun.Resume(killed);

        Assert.Equal(6, outcome.Updates);
        AssertSameRun(whole, killed);
    }

    [Fact]
    public void TornMetricsRowsFallBackToTheCheckpointTheyAgreeWithAndResumeIdentically()
    {
        string whole = Path.Combine(directory, "whole");
        string killed = Path.Combine(directory, "killed");
        TrainingRun.Run(Config, whole);
        TrainingRun.Run(Config, killed);

        // Killed while update 4's rows were being written, after checkpoint 4 was: row 4 is torn in both files, and a
        // line of garbage follows in the JSON lines.
        string csv = Path.Combine(killed, MetricsWriter.CsvFileName);
        string[] rows = File.ReadAllLines(csv);
        File.WriteAllText(csv, string.Join('\n', rows[..4]) + "\n" + rows[4][..(rows[4].Length / 2)]);
        string jsonLines = Path.Combine(killed, MetricsWriter.JsonLinesFileName);
        string[] lines = File.ReadAllLines(jsonLines);
        File.WriteAllText(jsonLines, string.Join('\n', lines[..3]) + "\n" + lines[3][..20] + "\n{\"update\":5}\n");
        File.Delete(TrainingRun.CheckpointPath(killed, 6));
        Assert.Equal(3, MetricsRepair.CompleteRows(killed));
        Assert.Equal(TrainingRun.CheckpointPath(killed, 2), RunDirectory.ResumePoint(killed)?.Path);

        TrainingOutcome outcome = TrainingRun.Resume(killed);

        Assert.Equal(6, outcome.Updates);
        AssertSameRun(whole, killed);
    }

    [Fact]
    public void AStepBudgetBelowTheResumePointIsRefusedAndLeavesConfigJsonAsItWas()
    {
        string run = Path.Combine(directory, "run");
        TrainingRun.Run(Config, run);
        Dictionary<string, string> before = RunDirectorySnapshot.Of(run);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingRun.Resume(run, totalSteps: 128));
        Assert.StartsWith("steps = 128: the run resumes at update 6 (step 384); a new budget must take it further (448 steps or more).", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, RunDirectorySnapshot.Of(run));

        TrainingOutcome longer = TrainingRun.Resume(run, totalSteps: 8 * 64);
        Assert.Equal(8, longer.Updates);
        Assert.Equal(8 * 64, TrainingRun.ReadConfig(run).TotalSteps);
    }

    [Fact]
    public void AnInterruptStopsAfterAWholeUpdateWithACheckpointAndTheResumeMatchesTheUninterruptedRun()
    {
        string whole = Path.Combine(directory, "whole");
        string interrupted = Path.Combine(directory, "interrupted");
        TrainingRun.Run(Config, whole);
        var interrupt = new InterruptRequest();

        TrainingOutcome outcome = TrainingRun.Run(Config, interrupted, record =>
        {
            if (record.Update == 3)
            {
                Assert.True(interrupt.Request("SIGINT"));
            }
        }, interrupt: interrupt);

        Assert.Equal("SIGINT", outcome.InterruptedBy);
        Assert.Equal(3, outcome.Updates);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(interrupted, MetricsWriter.CsvFileName)).Length);
        Assert.Equal(TrainingRun.CheckpointPath(interrupted, 3), TrainingRun.LatestCheckpoint(interrupted));
        Assert.False(interrupt.Request("SIGTERM"));

        Assert.Null(TrainingRun.Resume(interrupted).InterruptedBy);
        AssertSameRun(whole, interrupted);
    }

    [Fact]
    public void AnInterruptBeforeTheFirstRolloutEndsAbandonsItWritesNothingOfItAndTheResumeStartsOver()
    {
        string whole = Path.Combine(directory, "whole");
        string interrupted = Path.Combine(directory, "interrupted");
        TrainingRun.Run(Config, whole);
        var interrupt = new InterruptRequest();
        Assert.True(interrupt.Request("SIGTERM"));

        TrainingOutcome outcome = TrainingRun.Run(Config, interrupted, interrupt: interrupt);

        Assert.Equal(("SIGTERM", true, 0L, 0L), (outcome.InterruptedBy, outcome.RolloutAbandoned, outcome.Updates, outcome.Steps));
        Assert.Single(File.ReadAllLines(Path.Combine(interrupted, MetricsWriter.CsvFileName)));
        Assert.Empty(Directory.GetFiles(Path.Combine(interrupted, TrainingRun.CheckpointsFolder)));
        Assert.Null(TrainingRun.Resume(interrupted).InterruptedBy);
        AssertSameRun(whole, interrupted);
    }

    [Fact]
    public void ARolloutInterruptedMidwayIsAbandonedAndTheSnapshotBeforeItContinuesLikeTheUninterruptedTrainer()
    {
        // The env asks for the stop during the 16th step of the fourth rollout (its own step 3 * 2048 + 16).
        InterruptingEnv.EnsureRegistered();
        TrainConfig config = Config with
        {
            Env = InterruptingEnv.EnvId,
            TotalSteps = 8 * 2048,
            Rollout = Config.Rollout with { NumEnvs = 1, RolloutSteps = 2048 },
            Optimizer = Config.Optimizer with { MinibatchSize = 2048 },
        };
        string expected = Path.Combine(directory, "expected.safetensors");
        string snapshotPath = Path.Combine(directory, "snapshot.safetensors");
        string actual = Path.Combine(directory, "actual.safetensors");
        using (var whole = PolicyGradientTrainer<float>.Open(config))
        {
            for (int update = 0; update < 4; update++)
            {
                whole.Update();
            }

            whole.SaveCheckpoint(expected);
        }

        using (var trainer = PolicyGradientTrainer<float>.Open(config))
        {
            for (int update = 0; update < 3; update++)
            {
                trainer.Update();
            }

            TrainerSnapshot boundary = trainer.Snapshot();
            var interrupt = new InterruptRequest();
            InterruptingEnv.Target = interrupt;
            InterruptingEnv.TriggerStep = boundary.Steps + 16;
            try
            {
                Assert.Null(trainer.Update(interrupt));
            }
            finally
            {
                InterruptingEnv.Target = null;
            }

            Assert.Equal("SIGINT", interrupt.Signal);
            Assert.Equal(3, trainer.Updates);
            Assert.InRange(trainer.Steps, boundary.Steps + 16, boundary.Steps + config.Rollout.RolloutSteps - 1);
            Assert.Equal((3L, 3L * 2048), (boundary.Updates, boundary.Steps));
            boundary.Write(snapshotPath);
        }

        using (var resumed = PolicyGradientTrainer<float>.Open(config))
        {
            resumed.LoadCheckpoint(snapshotPath);
            resumed.Update();
            resumed.SaveCheckpoint(actual);
        }

        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
    }

    private static void AssertSameRun(string expected, string actual)
    {
        foreach (string file in new[] { MetricsWriter.CsvFileName, MetricsWriter.JsonLinesFileName, TrainingRun.ConfigFileName })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(expected, file)), File.ReadAllText(Path.Combine(actual, file)));
        }

        string[] checkpoints = [.. Directory.GetFiles(Path.Combine(expected, TrainingRun.CheckpointsFolder)).Select(Path.GetFileName).Order()!];
        string latest = checkpoints[^1];
        Assert.Equal(File.ReadAllBytes(Path.Combine(expected, TrainingRun.CheckpointsFolder, latest)), File.ReadAllBytes(Path.Combine(actual, TrainingRun.CheckpointsFolder, latest)));
    }
}
