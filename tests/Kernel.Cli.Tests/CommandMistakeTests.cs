using Kernel.Algorithms.Tests.Training;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary>
/// Typical mistakes across the subcommands (issue: a stack trace for a user mistake, an I/O failure or a numerical
/// breakdown): each is one line on stderr with exit 2, or exit 3 for a breakdown.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CommandMistakeTests : IDisposable
{
    private const string Unwritable = "/proc/kernel-cli-test-out";

    private readonly string directory = Directory.CreateTempSubdirectory("kernel-cli-mistakes-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("gradcheck", "--precision", "fp8")]
    [InlineData("devices", "--check", "ilgpu-cpu", "--precision", "fp8")]
    public void AnUnknownEnumValueIsOneLineListingTheAllowedOnes(params string[] args)
    {
        (int code, string error) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("kernel: Argument 'fp8' not recognized. Must be one of: 'fp16' 'fp32' 'fp64' 'all' (see kernel --help)", error.Trim());
    }

    [Fact]
    public void SweepRunIntoAnUnwritableOutNamesOutInOneLine()
    {
        string spec = Path.Combine(directory, "spec.json");
        File.WriteAllText(spec, """{"name": "x"}""");

        (int code, string error) = Run(["sweep", "run", spec, "--out", Unwritable]);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"kernel sweep: out = {Unwritable}: cannot create the directory (", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReproduceIntoAnUnwritableOutNamesOutInOneLine()
    {
        (int code, string error) = Run(["reproduce", "000-table1", "--budget", "smoke", "--out", Unwritable]);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"kernel reproduce: out = {Unwritable}: cannot create the directory (", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainAndEvalOnAnEnvThatBreaksDownExit3InOneLine()
    {
        NanObservationEnv.Register();
        string run = Path.Combine(directory, "nan");

        (int code, string error) = Run(["train", "--env", NanObservationEnv.RegisteredId, "--envs", "2", "--rollout-steps", "16", "--minibatch-size", "16",
            "--steps", "160", "--checkpoint-every", "1", "--policy-hidden", "8", "--value-hidden", "8", "--out", run]);
        Assert.True(code == 3, error);
        Assert.Contains(
            $"kernel train: the run exploded at update 3 (step 78): observation[1] = NaN from {NanObservationEnv.RegisteredId} (rollout step 8, copy 1, episode step 40)",
            error,
            StringComparison.Ordinal);

        // Step 78: 64 of updates 1-2, then 7 whole steps of 2 copies before the 8th broke down. Update 2's checkpoint
        // stays; its deterministic episode breaks down at the fresh env's 40th step too.
        (code, error) = Run(["eval", "--run", run, "--episodes", "1"]);
        Assert.Equal(3, code);
        Assert.StartsWith($"kernel eval: {NanObservationEnv.RegisteredId}: step 40 made observation[1] = NaN; the dynamics left the finite range (action was [", error, StringComparison.Ordinal);
        Assert.EndsWith("]); no returns are reported.", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void TrainOnAnEnvWhoseFirstResetBreaksDownExits3InOneLine()
    {
        NanObservationEnv.Register();

        (int code, string error) = Run(["train", "--env", NanObservationEnv.ResetId, "--steps", "64", "--envs", "2", "--rollout-steps", "32", "--out", Path.Combine(directory, "reset")]);

        Assert.True(code == 3, error);
        Assert.Equal(
            $"kernel train: {NanObservationEnv.ResetId}: the reset made observation[1] = NaN; the dynamics left the finite range; the run stopped before its first update.",
            error.Trim());
    }

    [Fact]
    public void ReplayOfDynamicsThatLeaveTheFiniteRangeExits3LikeTraining()
    {
        string actions = Path.Combine(directory, "actions.json");
        File.WriteAllText(actions, "[[1, 1], [1, 1]]");

        (int code, string error) = Run(["envs", "replay", "--env", "DoublePendulum-v0", "--state", "1e300,1e300,1e300,1e300", "--actions", actions]);

        Assert.Equal(3, code);
        Assert.Equal("kernel envs replay: DoublePendulum-v0: step 1 made observation[0] = NaN; the dynamics left the finite range (action was [1, 1]); no later step was applied.", error.Trim());
    }

    [Fact]
    public void TrpoWhoseFp16SigmaRoundsToZeroExplodesWithExit3AndNoEtaFromAZeroRate()
    {
        var output = new StringWriter();
        (int code, string error) = Run(["train", "--algo", "trpo", "--precision", "fp16", "--initial-std", "1e-8", "--steps", "4096", "--out", Path.Combine(directory, "trpo")], output);

        Assert.Equal(3, code);
        Assert.StartsWith("kernel train: the run exploded at update 1 (step 0): old policy sigma of coordinate 0 = 0 (rollout step 1, copy 1)\n", error, StringComparison.Ordinal);
        Assert.Contains("update 1/2  step 0  0 steps/s  eta -  return NaN", output.ToString(), StringComparison.Ordinal);
    }

    private static (int Code, string Error) Run(string[] args, StringWriter? output = null)
    {
        TextWriter originalOut = Console.Out, originalError = Console.Error;
        var error = new StringWriter();
        Console.SetOut(output ?? new StringWriter());
        Console.SetError(error);
        try
        {
            return (Program.Main(args), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
