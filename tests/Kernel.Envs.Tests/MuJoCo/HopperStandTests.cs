using Kernel.Envs.MuJoCo;
using Xunit;

namespace Kernel.Envs.Tests.MuJoCo;

public class HopperStandTests
{
    [Fact]
    public void ItUsesHoppersModelAndObservation()
    {
        using var stand = (HopperStand)Envs.Make(HopperStand.EnvId);
        using var hopper = new Hopper();
        Assert.Same(hopper.Model, stand.Model);
        Assert.Equal(11, stand.ObservationSpace.Dimension);
        Assert.Equal(hopper.Dt, stand.Dt);
        var a = new double[11];
        var b = new double[11];
        stand.Reset(4, a);
        hopper.Reset(4, b);
        Assert.Equal(b, a);
        stand.Step([0.2, -0.5, 0.9], a);
        hopper.Step([0.2, -0.5, 0.9], b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void TheRewardIsThePapersQuadraticCostOnTheObservation()
    {
        using var env = new HopperStand();
        var observation = new double[11];
        env.Reset(6, observation);
        double[] action = [0.6, -0.8, 0];
        StepResult result = env.Step(action, observation);
        double angles = observation[1..5].Sum(s => s * s);
        double velocities = observation[5..].Sum(s => s * s);
        double expected = -(angles + (0.1 * velocities) + (0.001 * 1.0)); // |(0.6, -0.8, 0)| = 1
        Assert.Equal(expected, result.Reward, 14);
        Assert.True(result.Reward < 0);
    }

    [Fact]
    public void ItNeverTerminatesAndTheRegistryTruncatesAt1000()
    {
        using var env = (MuJoCoEnv)Envs.Make(HopperStand.EnvId);
        var observation = new double[11];
        env.Reset(1, observation);
        for (int step = 1; step <= 1000; step++)
        {
            StepResult result = env.Step([1, 1, -1], observation); // falls over early; no termination
            Assert.False(result.Terminated);
            Assert.True(result.Reward <= 0);
            Assert.Equal(step == 1000, result.Truncated);
        }
    }

    [Fact]
    public void WeightsAreSettable()
    {
        using var env = (HopperStand)Envs.Make(HopperStand.EnvId, EnvOptions.Parse(["angle_weight=0", "velocity_weight=0", "action_weight=2"]));
        var observation = new double[11];
        env.Reset(6, observation);
        Assert.Equal(-2 * 5.0, env.Step([3, 4, 0], observation).Reward);
        Assert.Contains("action_weight", Assert.Throws<ArgumentException>(() => Envs.Make(HopperStand.EnvId, EnvOptions.Parse(["action_weight=-1"]))).Message, StringComparison.Ordinal);
    }
}
