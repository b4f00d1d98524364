using System.Text.Json;
using Kernel.Cli.Commands;
using Kernel.Envs;
using Xunit;

namespace Kernel.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class EnvsReplayTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-replay-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ReplayPrintsWhatSteppingTheEnvDirectlyGives()
    {
        string actions = Write("[[1.5], [-0.25], [2.5]]");
        (int code, string[] lines, string error) = Run("Pendulum-v1", "0.3,-0.7", actions, ["g=9.81"]);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Equal(3, lines.Length);

        IEnv reference = Kernel.Envs.Envs.Make("Pendulum-v1", EnvOptions.Parse(["g=9.81"]));
        var observation = new double[3];
        var state = new double[2];
        reference.Reset(0, observation);
        reference.SetState([0.3, -0.7]);
        double[] applied = [1.5, -0.25, 2.5];
        for (int step = 0; step < 3; step++)
        {
            StepResult result = reference.Step([applied[step]], observation);
            reference.GetState(state);
            using JsonDocument line = JsonDocument.Parse(lines[step]);
            JsonElement root = line.RootElement;
            Assert.Equal(step + 1, root.GetProperty("step").GetInt32());
            Assert.Equal([applied[step]], Numbers(root, "action"));
            Assert.Equal(observation, Numbers(root, "observation"));
            Assert.Equal(result.Reward, root.GetProperty("reward").GetDouble());
            Assert.Equal(state, Numbers(root, "state"));
            Assert.False(root.GetProperty("terminated").GetBoolean());
            Assert.False(root.GetProperty("truncated").GetBoolean());
        }
    }

    [Fact]
    public void ReplayStopsAtTerminationAndSaysHowManyActionsWereLeft()
    {
        // x = 2.39 moving right at 1 m/s: one Euler step takes x past 2.4.
        string actions = Write("[1, 1, 1, 0]");
        (int code, string[] lines, string error) = Run("CartPole-v1", "2.39,1,0,0", actions, []);

        Assert.Equal(0, code);
        string last = Assert.Single(lines);
        Assert.True(JsonDocument.Parse(last).RootElement.GetProperty("terminated").GetBoolean());
        Assert.Contains("terminated at step 1", error, StringComparison.Ordinal);
        Assert.Contains("remaining 3 actions", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownEnvIsAUsageErrorNamingEnvAndTheKnownIds()
    {
        (int code, string[] lines, string error) = Run("Pendulum-v2", null, Write("[[0]]"), []);
        Assert.Equal(2, code);
        Assert.Empty(lines);
        Assert.Contains("--env", error, StringComparison.Ordinal);
        Assert.Contains("Pendulum-v1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[[0, 1]]", "action 0 has 2 values")]
    [InlineData("{\"a\": 1}", "expected a JSON array")]
    [InlineData("[[0], [\"x\"]]", "action 1: element 0 is a String")]
    [InlineData("[[0], [1e999]]", "not a finite number")]
    [InlineData("[[0]", "not valid JSON")]
    public void MalformedActionsFileIsAUsageErrorNamingTheAction(string json, string expected)
    {
        (int code, string[] lines, string error) = Run("Pendulum-v1", null, Write(json), []);
        Assert.Equal(2, code);
        Assert.Empty(lines);
        Assert.Contains("--actions", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void DiscreteActionOutOfRangeIsRejectedBeforeAnyStep()
    {
        (int code, string[] lines, string error) = Run("CartPole-v1", null, Write("[0, 1, 2]"), []);
        Assert.Equal(2, code);
        Assert.Empty(lines);
        Assert.Contains("action 2 = 2 is not one of 0..1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.1", "1 values were given")]
    [InlineData("0.1,abc", "value 1 'abc' is not a finite number")]
    [InlineData("0.1,NaN", "value 1 'NaN' is not a finite number")]
    public void BadStateIsAUsageErrorNamingState(string state, string expected)
    {
        (int code, _, string error) = Run("Pendulum-v1", state, Write("[[0]]"), []);
        Assert.Equal(2, code);
        Assert.Contains("--state", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gravity=9.81", "has no option 'gravity'")]
    [InlineData("g=heavy", "expected a finite number")]
    [InlineData("g", "not of the form key=value")]
    public void BadOptionIsAUsageErrorNamingOption(string option, string expected)
    {
        (int code, _, string error) = Run("Pendulum-v1", null, Write("[[0]]"), [option]);
        Assert.Equal(2, code);
        Assert.Contains("--option", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingActionsFileIsAUsageError()
    {
        (int code, _, string error) = Run("Pendulum-v1", null, Path.Combine(directory, "absent.json"), []);
        Assert.Equal(2, code);
        Assert.Contains("cannot read the file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandLineParseErrorsExitWith2()
        => Assert.Equal(2, Program.Main(["envs", "replay", "--env", "Pendulum-v1"]));

    private static double[] Numbers(JsonElement root, string name)
        => [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetDouble())];

    private string Write(string json)
    {
        string path = Path.Combine(directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static (int Code, string[] Lines, string Error) Run(string env, string? state, string actions, string[] options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = EnvsCommand.Replay(env, state, actions, options, 0, output, error);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (code, lines, error.ToString().Trim());
    }
}
