using Kernel.Envs.ClassicControl;
using Xunit;
using static Kernel.Envs.Tests.ClassicControl.ClassicControlTestKit;

namespace Kernel.Envs.Tests.ClassicControl;

public class PendulumTests
{
    [Fact]
    public void Constants_are_gymnasiums()
    {
        var env = new Pendulum();
        Assert.Equal((8.0, 2.0, 0.05, 1.0, 1.0, 10.0), (Pendulum.MaxSpeed, Pendulum.MaxTorque, Pendulum.Dt, Pendulum.Mass, Pendulum.Length, env.Gravity));
        Assert.Equal([-1.0, -1.0, -8.0], env.ObservationSpace.Low.ToArray());
        Assert.Equal([2.0], ((BoxSpace)env.ActionSpace).High.ToArray());
    }

    [Fact]
    public void First_step_matches_the_hand_computation()
    {
        // theta = 1, theta_dot = 0.5, u = 2.5 clipped to 2:
        // cost = 1^2 + 0.1 * 0.5^2 + float32(0.001f * 4) = 1.029000000189989805 (0.001f = 0.0010000000474974513)
        // theta_dot' = 0.5 + (15 sin 1 + 6) * 0.05 = 1.4311032386059224; theta' = 1 + 0.05 theta_dot'.
        (StepResult result, double[] observation, double[] state) = StepFrom(new Pendulum(), [1.0, 0.5], 2.5);
        Assert.Equal(-(1 + 0.025 + (double)(0.001f * 4f)), result.Reward, 15);
        Assert.Equal(1.4311032386059224, state[1], 15);
        Assert.Equal(1.0 + (1.4311032386059224 * 0.05), state[0], 15);
        Assert.Equal([(float)Math.Cos(state[0]), (float)Math.Sin(state[0]), (float)state[1]], observation.Select(x => (float)x).ToArray());
        Assert.Equal(observation[2], (double)(float)observation[2]);       // observations are float32 values
        Assert.False(result.Terminated);
    }

    [Fact]
    public void Torque_and_speed_are_clipped_at_both_bounds()
    {
        (_, _, double[] high) = StepFrom(new Pendulum(), [0.0, 0.0], 100.0);
        (_, _, double[] atTwo) = StepFrom(new Pendulum(), [0.0, 0.0], 2.0);
        Assert.Equal(atTwo, high);
        (_, _, double[] low) = StepFrom(new Pendulum(), [0.0, 0.0], -100.0);
        (_, _, double[] atMinusTwo) = StepFrom(new Pendulum(), [0.0, 0.0], -2.0);
        Assert.Equal(atMinusTwo, low);
        Assert.Equal(8.0, StepFrom(new Pendulum(), [1.5, 7.9], 2.0).State[1]);
        Assert.Equal(-8.0, StepFrom(new Pendulum(), [-1.5, -7.9], -2.0).State[1]);
    }

    [Fact]
    public void Angles_are_normalised_with_a_floored_modulo_in_the_cost()
    {
        Assert.Equal(-Math.PI + 0.5, Pendulum.AngleNormalize(Math.PI + 0.5), 14);
        Assert.Equal(0.25, Pendulum.AngleNormalize(0.25 + (4 * Math.PI)), 12);
        Assert.Equal(-(0.25 * 0.25), StepFrom(new Pendulum(), [0.25 - (2 * Math.PI), 0.0], 0.0).Result.Reward, 12);
    }

    [Fact]
    public void Gravity_option_changes_the_dynamics_and_bad_options_are_refused()
    {
        var moon = new Pendulum(EnvOptions.Parse(["g=1.62"]));
        Assert.Equal(0.5 + (3 * 1.62 / 2 * Math.Sin(1.0) * 0.05), StepFrom(moon, [1.0, 0.5], 0.0).State[1], 15);
        Assert.Equal("g", Assert.Throws<ArgumentException>(() => new Pendulum(EnvOptions.Parse(["g=heavy"]))).ParamName);
        Assert.Equal("gravity", Assert.Throws<ArgumentException>(() => new Pendulum(EnvOptions.Parse(["gravity=9"]))).ParamName);
    }

    [Fact]
    public void A_seeded_episode_repeats_bit_for_bit_and_is_truncated_at_200()
    {
        List<double> first = Rollout(Pendulum.EnvId, 42, 7);
        Assert.Equal(first, Rollout(Pendulum.EnvId, 42, 7));
        Assert.NotEqual(first, Rollout(Pendulum.EnvId, 43, 7));
        Assert.Equal(3 + (200 * 4), first.Count);                 // reset observation + 200 steps of (3 + reward)
    }

    [Theory]
    [InlineData(new double[] { 0.0, 1.0 }, "has 2 values")]
    [InlineData(new double[] { double.NaN }, "action[0] = NaN is not finite")]
    [InlineData(new double[] { double.PositiveInfinity }, "is not finite")]
    public void Bad_actions_name_env_step_index_and_value(double[] action, string expected)
    {
        IEnv env = Envs.Make(Pendulum.EnvId);
        var observation = new double[3];
        env.Reset(1, observation);
        string message = Assert.Throws<ArgumentException>(() => env.Step(action, observation)).Message;
        Assert.Contains("Pendulum-v1: step 1", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
