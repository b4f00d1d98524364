using Kernel.Envs.ClassicControl;
using Xunit;
using static Kernel.Envs.Tests.ClassicControl.ClassicControlTestKit;

namespace Kernel.Envs.Tests.ClassicControl;

public class MountainCarContinuousTests
{
    [Fact]
    public void Constants_are_gymnasiums()
        => Assert.Equal((-1.0, 1.0, -1.2, 0.6, 0.07, 0.45, 0.0015, 0.0025, 100.0, 0.1), (MountainCarContinuous.MinAction, MountainCarContinuous.MaxAction, MountainCarContinuous.MinPosition, MountainCarContinuous.MaxPosition, MountainCarContinuous.MaxSpeed, MountainCarContinuous.GoalPosition, MountainCarContinuous.Power, MountainCarContinuous.GravityCoefficient, MountainCarContinuous.GoalReward, MountainCarContinuous.ActionCost));

    [Fact]
    public void First_step_from_a_float32_state_matches_gymnasiums_float32_arithmetic()
    {
        // State -0.5, 0 (float32 values, as after a reset); action 0.5: every operation rounds to float32 as NumPy does.
        float p = -0.5f, v = 0f, force = 0.5f;
        float increment = (force * 0.0015f) - (0.0025f * (float)Math.Cos(3f * p));
        float v1 = v + increment;
        float p1 = p + v1;
        (StepResult result, double[] observation, double[] state) = StepFrom(new MountainCarContinuous(), [-0.5, 0.0], 0.5);
        Assert.Equal((double)v1, state[1], 9);
        Assert.Equal((double)p1, state[0], 9);
        Assert.Equal(state, observation);
        Assert.Equal(-(0.5 * 0.5 * 0.1), result.Reward, 12);
    }

    [Fact]
    public void Actions_are_clipped_for_the_force_but_the_cost_uses_the_raw_action()
    {
        (StepResult big, _, double[] clipped) = StepFrom(new MountainCarContinuous(), [-0.5, 0.0], 3.0);
        Assert.Equal(StepFrom(new MountainCarContinuous(), [-0.5, 0.0], 1.0).State, clipped);
        Assert.Equal(-(3.0 * 3.0 * 0.1), big.Reward, 6);
        Assert.Equal(StepFrom(new MountainCarContinuous(), [-0.5, 0.0], -1.0).State, StepFrom(new MountainCarContinuous(), [-0.5, 0.0], -5.0).State);
    }

    [Fact]
    public void Reaching_the_goal_pays_100_minus_the_action_cost()
    {
        (StepResult result, _, _) = StepFrom(new MountainCarContinuous(), [0.44, 0.03], 1.0);
        Assert.True(result.Terminated);
        Assert.Equal(100.0 - 0.1, result.Reward, 6);
        Assert.Equal([-1.2, 0.0], StepFrom(new MountainCarContinuous(), [-1.19, -0.05], -1.0).State.Select(x => Math.Round(x, 6)));
    }

    [Fact]
    public void A_seeded_episode_repeats_bit_for_bit_and_is_truncated_at_999()
    {
        List<double> first = Rollout(MountainCarContinuous.EnvId, 8, 2);
        Assert.Equal(first, Rollout(MountainCarContinuous.EnvId, 8, 2));
        Assert.Equal(2 + (999 * 3), first.Count);
    }
}
