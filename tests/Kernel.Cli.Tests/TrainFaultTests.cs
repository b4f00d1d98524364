using System.IO.Hashing;
using Kernel.Algorithms.Checkpoints;
using Kernel.Algorithms.Training;
using Kernel.Cli.Commands;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary>
/// Fault injection for <c>kernel train</c> and friends, one test per probe of issue 22: every user mistake and I/O
/// failure is one line on stderr and exit 2 with the run directory unchanged where nothing was to be written; a full
/// disk leaves no temporary file; signals to a child process stop it with a checkpoint of the last whole update, a
/// rollout in progress abandoned at once (exit 130/143), or at once on the second; replay writes an infinite reward and names MuJoCo's instability; plots draw on
/// a machine without fonts.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class TrainFaultTests : IDisposable
{
    private static readonly string[] Small = ["--steps", "256", "--envs", "2", "--rollout-steps", "64", "--policy-hidden", "8", "--value-hidden", "8"];

    private readonly string directory = Directory.CreateTempSubdirectory("kernel-train-faults-").FullName;
    private string? mounted;

    public void Dispose()
    {
        if (mounted is not null)
        {
            MountFactAttribute.Command("umount", mounted);
        }

        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("a-file", "is a file or device, not a directory")]
    [InlineData("", "out = \"\": must name a directory.")]
    [InlineData("/dev/null", "out = /dev/null: is a file or device, not a directory.")]
    [InlineData("metrics-folder", "metrics.csv there is a directory; a run keeps a file of that name.")]
    [InlineData("a-file/run", "Could not find a part of the path")]
    public void ABadOutIsOneLineAndExit2WithNothingWritten(string name, string expected)
    {
        File.WriteAllText(Path.Combine(directory, "a-file"), "x");
        Directory.CreateDirectory(Path.Combine(directory, "metrics-folder", "metrics.csv"));
        string output = name is "" or "/dev/null" ? name : Path.Combine(directory, name);
        Dictionary<string, string> before = Snapshot(directory);

        (int code, string error) = Run(["train", .. Small, "--out", output]);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("kernel train: out = ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(directory));
    }

    [Fact]
    public void ADirectoryHoldingARunIsRefusedUntilOverwriteReplacesIt()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, Run(["train", .. Small, "--out", run]).Code);
        Dictionary<string, string> before = Snapshot(run);

        (int code, string error) = Run(["train", .. Small, "--seed", "2", "--out", run]);
        Assert.Equal(2, code);
        Assert.Equal($"kernel train: out = {run}: the directory already holds a run (config.json, metrics.csv, metrics.jsonl, timing.csv, timings.json, checkpoints, plots); continue it with --resume {run}, choose another --out, or pass --overwrite to replace it.", error.Trim());
        Assert.Equal(before, Snapshot(run));

        Assert.Equal(0, Run(["train", .. Small, "--seed", "2", "--out", run, "--overwrite"]).Code);
        Assert.Equal(2UL, TrainingRun.ReadConfig(run).Seed);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
    }

    [Theory]
    [InlineData(new[] { "--policy-hidden", "50000,50000" }, "kernel train: policy_hidden = 50000,50000: must be widths whose layers each hold at most 2147483591 weights")]
    [InlineData(new[] { "--rollout-steps", "600000000", "--envs", "8" }, "kernel train: rollout_steps = 600000000: must be in 1..268435448 with num_envs = 8")]
    [InlineData(new[] { "--rollout-steps", "2147483647" }, "kernel train: rollout_steps = 2147483647: must be in 1..268435448 with num_envs = 8")]
    [InlineData(new[] { "--algo", "trpo", "--cg-iterations", "2147483647" }, "kernel train: cg_iterations = 2147483647: must be in 1..100000.")]
    [InlineData(new[] { "--algo", "trpo", "--fisher-stride", "2147483647" }, "kernel train: fisher_stride = 2147483647: must be in 1..2048")]
    public void SizesBeyondWhatTheMachineCanHoldAreRefusedBeforeTheRunDirectoryExists(string[] options, string expected)
    {
        string run = Path.Combine(directory, "run");
        (int code, string error) = Run(["train", .. options, "--out", run]);
        Assert.Equal(2, code);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Path.Exists(run));
    }

    [Fact]
    public void ADamagedOrImpossibleCheckpointRefusesTheResumeInOneLineAndChangesNothing()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, Run(["train", .. Small, "--checkpoint-every", "1", "--out", run]).Code);
        string latest = TrainingRun.CheckpointPath(run, 2);
        byte[] bytes = File.ReadAllBytes(latest);
        bytes[^9] ^= 0x10;
        File.WriteAllBytes(latest, bytes);
        Dictionary<string, string> before = Snapshot(run);

        (int code, string error) = Run(["train", "--resume", run, "--steps", "512"]);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"kernel train: {latest}: tensor ", error, StringComparison.Ordinal);
        Assert.Contains("fails its checksum", error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(run));

        // A checkpoint rewritten with valid checksums but an episode 10^15 steps long.
        bytes[^9] ^= 0x10;
        File.WriteAllBytes(latest, bytes);
        SafeTensorsContent content = SafeTensorsFile.Read(latest);
        var tensors = content.Tensors.Values.ToList();
        SafeTensor elapsed = content.Tensor("env.elapsed_steps");
        tensors[tensors.IndexOf(elapsed)] = SafeTensor.From<long>(elapsed.Name, [1_000_000_000_000_000, 0], 2);
        SafeTensorsFile.Write(latest, tensors, content.Metadata);
        before = Snapshot(run);
        (code, error) = Run(["train", "--resume", run, "--steps", "512"]);
        Assert.Equal(2, code);
        Assert.Equal($"kernel train: {latest}: tensor env.elapsed_steps[0] = 1000000000000000; it must be in 0..200 (the env's time limit).", error.Trim());
        Assert.Equal(before, Snapshot(run));
    }

    [Fact]
    public void ResumeWithASmallerBudgetIsRefusedAndKeepsConfigJson()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, Run(["train", .. Small, "--out", run]).Code);
        Dictionary<string, string> before = Snapshot(run);
        (int code, string error) = Run(["train", "--resume", run, "--steps", "128"]);
        Assert.Equal(2, code);
        Assert.Equal("kernel train: steps = 128: the run resumes at update 2 (step 256); a new budget must take it further (384 steps or more).", error.Trim());
        Assert.Equal(before, Snapshot(run));
    }

    [MountFact]
    public void AFullDiskIsOneLineAndExit2WithNoTemporaryFileLeft()
    {
        string disk = Path.Combine(directory, "disk");
        Directory.CreateDirectory(disk);
        (int mountCode, string mountError) = MountFactAttribute.Command("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk);
        Assert.True(mountCode == 0, mountError);
        mounted = disk;
        string run = Path.Combine(disk, "run");

        (int code, string error) = Run(["train", "--steps", "4096", "--envs", "2", "--rollout-steps", "64", "--checkpoint-every", "1", "--out", run]);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"kernel train: out = {run}: No space left on device", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(disk, "*" + Kernel.Algorithms.Files.AtomicFile.TemporarySuffix, SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(run, "checkpoints")));
    }

    [SigintFact]
    public void TheFirstSigintStopsAtTheLastWholeUpdateWritesItsCheckpointAndSaysHowToResume()
    {
        string run = Path.Combine(directory, "run");
        using var child = ChildKernel.Start(["train", "--steps", "300000", "--envs", "2", "--rollout-steps", "64", "--policy-hidden", "8", "--value-hidden", "8", "--out", run]);
        string metrics = Path.Combine(run, "metrics.csv");
        Assert.True(ChildKernel.WaitUntil(() => File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 3, 60), child.Error);

        child.Signal(2);

        Assert.Equal(130, child.WaitForExit(30));
        string[] lines = child.Error.Trim().Split('\n');
        Assert.Equal("kernel train: SIGINT: abandoning the rollout in progress or finishing the update in progress, then writing a checkpoint (send it again to stop at once).", lines[0]);

        // The signal lands in a rollout (abandoned) or in an update (finished); either way the last whole update is checkpointed.
        Assert.Matches($"^kernel train: stopped by SIGINT (after update \\d+ \\(step \\d+\\), checkpoint and metrics written|in the rollout of update \\d+, which is abandoned; checkpoint and metrics of update \\d+ \\(step \\d+\\) written); continue with: kernel train --resume {run}$", lines[1]);
        int update = int.Parse(System.Text.RegularExpressions.Regex.Match(lines[1], "update (\\d+) \\(step").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TrainingRun.CheckpointPath(run, update), TrainingRun.LatestCheckpoint(run));
        Assert.Equal(update + 1, File.ReadAllLines(metrics).Length);
    }

    [SigintFact]
    public void ASigintInALongRolloutAbandonsItAtOnceAndTheResumeMatchesTheUninterruptedRun()
    {
        // Rollouts of 40000 steps of a tiny policy (seconds each) and a cheap update: the signal, sent just after
        // update 1's metrics row, lands in update 2's rollout.
        string[] settings = ["--steps", "80000", "--envs", "1", "--rollout-steps", "40000", "--epochs", "1", "--minibatch-size", "full-batch", "--policy-hidden", "8", "--value-hidden", "8", "--checkpoint-every", "1"];
        string whole = Path.Combine(directory, "whole");
        string run = Path.Combine(directory, "run");
        string metrics = Path.Combine(run, "metrics.csv");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var child = ChildKernel.Start(["train", .. settings, "--out", run]);
        Assert.True(ChildKernel.WaitUntil(() => File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 2, 60), child.Error);
        TimeSpan firstUpdate = clock.Elapsed;
        Thread.Sleep(100);

        clock.Restart();
        child.Signal(2);
        Assert.Equal(130, child.WaitForExit(30));
        TimeSpan stopping = clock.Elapsed;

        Assert.True(stopping < firstUpdate / 2, $"stopping took {stopping.TotalSeconds:F2} s, the first update {firstUpdate.TotalSeconds:F2} s");
        Assert.EndsWith($"kernel train: stopped by SIGINT in the rollout of update 2, which is abandoned; checkpoint and metrics of update 1 (step 40000) written; continue with: kernel train --resume {run}", child.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(metrics).Length);
        Assert.Equal(TrainingRun.CheckpointPath(run, 1), TrainingRun.LatestCheckpoint(run));

        Assert.Equal(0, Run(["train", "--resume", run]).Code);
        Assert.Equal(0, Run(["train", .. settings, "--out", whole]).Code);
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "metrics.csv")), File.ReadAllText(metrics));
        Assert.Equal(File.ReadAllBytes(TrainingRun.CheckpointPath(whole, 2)), File.ReadAllBytes(TrainingRun.CheckpointPath(run, 2)));
    }

    [Fact]
    public void ASecondSigtermStopsAtOnceWith143()
    {
        string run = Path.Combine(directory, "run");

        // A short rollout and a long update (256 samples, 100000 epochs of minibatches of 64, no early stop: minutes, far longer than the wait), so both signals land inside the first update's optimisation.
        using var child = ChildKernel.Start(["train", "--steps", "3000000", "--envs", "1", "--rollout-steps", "256", "--epochs", "100000", "--minibatch-size", "64", "--target-kl", "0", "--out", run]);
        Assert.True(ChildKernel.WaitUntil(() => File.Exists(Path.Combine(run, "config.json")), 60), child.Error);
        Thread.Sleep(4000); // past start-up and the 256-step rollout even on a loaded machine
        child.Signal(15);
        Assert.True(ChildKernel.WaitUntil(() => child.Error.Contains("SIGTERM: abandoning", StringComparison.Ordinal), 10), child.Error);
        child.Signal(15);

        Assert.Equal(143, child.WaitForExit(10));
        Assert.True(child.Error.Trim().EndsWith("kernel train: SIGTERM again: stopping at once; the run resumes from its last checkpoint.", StringComparison.Ordinal), child.Error);
        Assert.False(File.Exists(Path.Combine(run, "metrics.csv")) && File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length > 1, "the first update had finished before the second signal");
    }

    [Fact]
    public void ReplayWritesARewardThatOverflowsToInfinityAsAString()
    {
        string actions = Path.Combine(directory, "actions.json");
        File.WriteAllText(actions, "[[1e200]]");
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, EnvsCommand.Replay("MountainCarContinuous-v0", null, actions, [], 0, output, error));
        Assert.Contains("\"reward\":\"-Infinity\"", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void ReplayNamesTheMujocoInstabilityInsteadOfContinuingFromAResetState()
    {
        string actions = Path.Combine(directory, "actions.json");
        File.WriteAllText(actions, "[[0, 0, 0], [0, 0, 0]]");
        var output = new StringWriter();
        var error = new StringWriter();
        int code = EnvsCommand.Replay("Hopper-v4", "0,1.25,0,0,0,0,1e300,0,0,0,0,0", actions, [], 0, output, error);
        Assert.Equal(3, code);
        Assert.Empty(output.ToString());
        Assert.StartsWith("kernel envs replay: Hopper-v4: the simulation became unstable at step 1 (physics substep 1 of 4): MuJoCo warning BadQvel (a bad number in qvel) \"Nan, Inf or huge value in QVEL at DOF 0.", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Trim().Split('\n'));
    }

    [MountFact]
    public void PlotsAreDrawnOnAMachineWithoutFonts()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, Run(["train", .. Small, "--out", run]).Code);
        Directory.Delete(Path.Combine(run, "plots"), recursive: true);

        // The fonts are hidden from the child by an empty tmpfs over /usr/share/fonts in its own mount namespace.
        using var child = ChildKernel.Start(["plot", "--run", run], "unshare", "--mount", "sh", "-c", "mount -t tmpfs tmpfs /usr/share/fonts && [ -z \"$(ls -A /usr/share/fonts)\" ] && exec \"$0\" \"$@\"");
        Assert.True(child.WaitForExit(60) == 0, child.Error);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(run, "plots"), "*.png"));
    }

    private static Dictionary<string, string> Snapshot(string root)
        => Directory.Exists(root)
            ? Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
                .ToDictionary(path => Path.GetRelativePath(root, path), path => File.Exists(path) ? Convert.ToHexString(XxHash64.Hash(File.ReadAllBytes(path))) : "dir")
            : [];

    private static (int Code, string Error) Run(string[] args)
    {
        (int code, string error, _) = InProcessKernel.Run(args);
        return (code, error);
    }
}
