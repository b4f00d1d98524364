using System.Text.Json;
using Kernel.Cli.Commands;
using Kernel.Envs;
using Kernel.Envs.MuJoCo;
using Xunit;

namespace Kernel.Cli.Tests;

public sealed class EnvsInfoTests
{
    [Fact]
    public void InfoPrintsTheCompiledMuJoCoModelFactsAsJson()
    {
        (int code, string output, string error) = Info("Hopper-v4", []);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal("Hopper-v4", root.GetProperty("id").GetString());
        Assert.Equal(1000, root.GetProperty("max_episode_steps").GetInt32());
        Assert.Equal(11, root.GetProperty("observation_space").GetProperty("dimension").GetInt32());
        Assert.Equal("-inf", root.GetProperty("observation_space").GetProperty("low")[0].GetString());
        Assert.Equal(4, root.GetProperty("frame_skip").GetInt32());
        Assert.Equal(0.008, root.GetProperty("dt").GetDouble());
        JsonElement model = root.GetProperty("model");
        Assert.Equal((6, 6, 3), (model.GetProperty("nq").GetInt32(), model.GetProperty("nv").GetInt32(), model.GetProperty("nu").GetInt32()));
        Assert.Equal(0.002, model.GetProperty("timestep").GetDouble());
        Assert.Equal("RK4", model.GetProperty("integrator").GetString());
        Assert.Equal("Newton", model.GetProperty("solver").GetString());

        using var hopper = new Hopper();
        Assert.Equal(hopper.Model.TotalMass, model.GetProperty("total_mass").GetDouble());
        JsonElement[] bodies = [.. model.GetProperty("bodies").EnumerateArray()];
        Assert.Equal(["world", "torso", "thigh", "leg", "foot"], bodies.Select(b => b.GetProperty("name").GetString()));
        Assert.Equal(hopper.Model.BodyMass.ToArray(), bodies.Select(b => b.GetProperty("mass").GetDouble()));
        JsonElement thigh = model.GetProperty("joints")[3];
        Assert.Equal("thigh_joint", thigh.GetProperty("name").GetString());
        Assert.Equal("hinge", thigh.GetProperty("type").GetString());
        Assert.Equal([-150 * Math.PI / 180, 0], thigh.GetProperty("range").EnumerateArray().Select(v => v.GetDouble()).ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.False(model.GetProperty("joints")[0].GetProperty("limited").GetBoolean());
        JsonElement foot = model.GetProperty("actuators")[2];
        Assert.Equal("foot_joint", foot.GetProperty("joint").GetString());
        Assert.Equal(200, foot.GetProperty("gear").GetDouble());
        Assert.Equal([-1.0, 1.0], foot.GetProperty("ctrlrange").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void InfoDescribesOtherEnvsWithoutAModel()
    {
        (int code, string output, _) = Info("CartPole-v1", []);
        Assert.Equal(0, code);
        using JsonDocument document = JsonDocument.Parse(output);
        Assert.Equal("Discrete", document.RootElement.GetProperty("action_space").GetProperty("type").GetString());
        Assert.False(document.RootElement.TryGetProperty("model", out _));
    }

    [Fact]
    public void InfoReportsBadIdsAndOptionsInOneLine()
    {
        (int code, string output, string error) = Info("Hoper-v4", []);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("kernel envs info: --env: unknown env 'Hoper-v4'", error, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Hopper-v4'", error, StringComparison.Ordinal);
        (code, _, error) = Info("Hopper-v4", ["ctrl_cost_weight=abc"]);
        Assert.Equal(2, code);
        Assert.Contains("--option: option ctrl_cost_weight", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayStepsAMuJoCoEnvFromAQposThenQvelState()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kernel-mujoco-replay-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "[[0.5, -0.2, 0.1], [1.5, 0, -1]]");
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            const string State = "0,1.25,0.01,-0.2,-0.3,0.1,0.5,0,0,0,0,0";
            int code = EnvsCommand.Replay("Hopper-v4", State, path, [], 3, output, error);
            Assert.Equal(0, code);
            string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);

            using var reference = new Hopper();
            var observation = new double[11];
            var state = new double[12];
            reference.Reset(3, observation);
            reference.SetState(State.Split(',').Select(double.Parse).ToArray());
            double[][] actions = [[0.5, -0.2, 0.1], [1.5, 0, -1]];
            for (int step = 0; step < 2; step++)
            {
                StepResult result = reference.Step(actions[step], observation);
                reference.GetState(state);
                using JsonDocument line = JsonDocument.Parse(lines[step]);
                Assert.Equal(observation, line.RootElement.GetProperty("observation").EnumerateArray().Select(v => v.GetDouble()));
                Assert.Equal(state, line.RootElement.GetProperty("state").EnumerateArray().Select(v => v.GetDouble()));
                Assert.Equal(result.Reward, line.RootElement.GetProperty("reward").GetDouble());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InfoWritesTheMJCFTextAMuJoCoModelWasCompiledFrom()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kernel-mjcf-{Guid.NewGuid():N}.xml");
        try
        {
            var error = new StringWriter();
            Assert.Equal(0, EnvsCommand.Info("InvertedPendulum-v4", [], path, new StringWriter(), error));
            Assert.Equal(InvertedPendulumModel.Default.ToMjcf().ToXml(), File.ReadAllText(path));
            Assert.Equal(2, EnvsCommand.Info("Pendulum-v1", [], path, new StringWriter(), error));
            Assert.Contains("not a MuJoCo env", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Code, string Output, string Error) Info(string id, string[] options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = EnvsCommand.Info(id, options, null, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
