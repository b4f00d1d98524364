using Kernel.Envs.ClassicControl;
using Xunit;
using static Kernel.Envs.Tests.ClassicControl.ClassicControlTestKit;

namespace Kernel.Envs.Tests.ClassicControl;

public class MountainCarTests
{
    [Fact]
    public void Constants_are_gymnasiums()
        => Assert.Equal((-1.2, 0.6, 0.07, 0.5, 0.001, 0.0025), (MountainCar.MinPosition, MountainCar.MaxPosition, MountainCar.MaxSpeed, MountainCar.GoalPosition, MountainCar.Force, MountainCar.Gravity));

    [Fact]
    public void First_step_matches_the_hand_computation()
    {
        // v = 0 + (2 - 1) 0.001 + cos(3 (-0.5)) (-0.0025) = 0.0008231569958307428; p = -0.5 + v.
        (StepResult result, double[] observation, double[] state) = StepFrom(new MountainCar(), [-0.5, 0.0], 2);
        Assert.Equal(0.0008231569958307428, state[1], 15);
        Assert.Equal(-0.49917684300416926, state[0], 15);
        Assert.Equal(state.Select(x => (double)(float)x), observation);
        Assert.Equal((-1.0, false), (result.Reward, result.Terminated));
    }

    [Fact]
    public void Speed_and_position_are_clipped_and_the_left_wall_stops_the_car()
    {
        Assert.Equal(0.07, StepFrom(new MountainCar(), [-0.5, 0.0699], 2).State[1]);
        Assert.Equal(-0.07, StepFrom(new MountainCar(), [-0.5, -0.0699], 0).State[1]);
        double[] wall = StepFrom(new MountainCar(), [-1.19, -0.05], 0).State;
        Assert.Equal([-1.2, 0.0], wall);
    }

    [Fact]
    public void Reaching_the_goal_terminates_and_goal_velocity_is_an_option()
    {
        StepResult reached = StepFrom(new MountainCar(), [0.49, 0.02], 2).Result;
        Assert.Equal((-1.0, true), (reached.Reward, reached.Terminated));
        var demanding = new MountainCar(EnvOptions.Parse(["goal_velocity=0.05"]));
        Assert.False(StepFrom(demanding, [0.49, 0.02], 2).Result.Terminated);
    }

    [Fact]
    public void A_seeded_episode_repeats_bit_for_bit_and_is_truncated_at_200()
    {
        List<double> first = Rollout(MountainCar.EnvId, 3, 4);
        Assert.Equal(first, Rollout(MountainCar.EnvId, 3, 4));
        Assert.Equal(2 + (200 * 3), first.Count);
    }
}
