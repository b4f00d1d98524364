using Kernel.Envs.ClassicControl;
using Xunit;
using static Kernel.Envs.Tests.ClassicControl.ClassicControlTestKit;

namespace Kernel.Envs.Tests.ClassicControl;

public class CartPoleTests
{
    [Fact]
    public void Constants_are_gymnasiums()
    {
        Assert.Equal((9.8, 1.0, 0.1, 0.5, 10.0, 0.02, 2.4), (CartPole.Gravity, CartPole.MassCart, CartPole.MassPole, CartPole.Length, CartPole.ForceMag, CartPole.Tau, CartPole.XThreshold));
        Assert.Equal(12 * 2 * Math.PI / 360, CartPole.ThetaThresholdRadians);
        Assert.Equal((double)(float)(2.4 * 2), new CartPole().ObservationSpace.High[0]);
    }

    [Fact]
    public void First_step_from_rest_matches_the_hand_computation()
    {
        // From rest, push right: temp = 10 / 1.1; thetaacc = -temp / (0.5 (4/3 - 0.1 / 1.1)); xacc = temp - 0.05 thetaacc / 1.1.
        // Euler with the old velocities: x = 0, x_dot = 0.02 xacc = 0.1951219512195122, theta = 0, theta_dot = -0.2926829268292683.
        (StepResult result, double[] observation, double[] state) = StepFrom(new CartPole(), [0.0, 0.0, 0.0, 0.0], 1);
        Assert.Equal([0.0, 0.1951219512195122, 0.0, -0.2926829268292683], state);
        Assert.Equal(state.Select(x => (double)(float)x), observation);
        Assert.Equal((1.0, false), (result.Reward, result.Terminated));
        Assert.Equal([0.0, -0.1951219512195122, 0.0, 0.2926829268292683], StepFrom(new CartPole(), [0.0, 0.0, 0.0, 0.0], 0).State);
    }

    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(true, -1.0)]
    public void Crossing_a_threshold_terminates_with_the_configured_reward(bool suttonBarto, double reward)
    {
        var env = new CartPole(EnvOptions.Parse([$"sutton_barto_reward={suttonBarto}"]));
        Assert.Equal((reward, true), (StepFrom(env, [2.39, 1.0, 0.0, 0.0], 1).Result.Reward, StepFrom(env, [2.39, 1.0, 0.0, 0.0], 1).Result.Terminated));
        Assert.True(StepFrom(env, [-2.39, -1.0, 0.0, 0.0], 0).Result.Terminated);
        Assert.True(StepFrom(env, [0.0, 0.0, 0.2, 1.0], 1).Result.Terminated);
        Assert.True(StepFrom(env, [0.0, 0.0, -0.2, -1.0], 0).Result.Terminated);
        StepResult inside = StepFrom(env, [2.3, 0.0, 0.0, 0.0], 0).Result;
        Assert.Equal((suttonBarto ? 0.0 : 1.0, false), (inside.Reward, inside.Terminated));
    }

    [Fact]
    public void Stepping_after_termination_needs_a_reset()
    {
        var env = new CartPole();
        StepFrom(env, [2.39, 1.0, 0.0, 0.0], 1);
        string message = Assert.Throws<InvalidOperationException>(() => env.Step([1.0], new double[4])).Message;
        Assert.Contains("call Reset first", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seeded_episode_repeats_bit_for_bit()
    {
        List<double> first = Rollout(CartPole.EnvId, 5, 9);
        Assert.Equal(first, Rollout(CartPole.EnvId, 5, 9));
        Assert.NotEqual(first, Rollout(CartPole.EnvId, 6, 9));
    }

    [Theory]
    [InlineData(2.0, "is not one of 0..1")]
    [InlineData(-1.0, "is not one of 0..1")]
    [InlineData(0.5, "is not one of 0..1")]
    [InlineData(double.NaN, "is not finite")]
    public void Bad_actions_name_env_step_index_and_value(double action, string expected)
    {
        IEnv env = Envs.Make(CartPole.EnvId);
        var observation = new double[4];
        env.Reset(1, observation);
        string message = Assert.Throws<ArgumentException>(() => env.Step([action], observation)).Message;
        Assert.Contains("CartPole-v1: step 1: action[0]", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
