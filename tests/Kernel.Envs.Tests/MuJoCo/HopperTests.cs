using Kernel.Envs.MuJoCo;
using Kernel.Envs.MuJoCo.Native;
using Xunit;
using static Kernel.Envs.Tests.MuJoCo.CompiledModelAssert;

namespace Kernel.Envs.Tests.MuJoCo;

public class HopperTests
{
    [Fact]
    public void TheCompiledModelHasGymnasiumsFacts()
    {
        using var env = new Hopper();
        MuJoCoModel model = env.Model;
        Sizes(model, 6, 6, 3, "world", "torso", "thigh", "leg", "foot");
        Options(model, 0.002, MjIntegrator.RK4, MjSolver.Newton, 100);
        JointOrder(model, "rootx", "rootz", "rooty", "thigh_joint", "leg_joint", "foot_joint");
        Joint(model, "rootx", MjJointType.Slide, null, 0, 0);
        Joint(model, "rootz", MjJointType.Slide, null, 0, 0);
        Joint(model, "rooty", MjJointType.Hinge, null, 0, 0);
        Joint(model, "thigh_joint", MjJointType.Hinge, (Radians(-150), 0), 1, 1);
        Joint(model, "leg_joint", MjJointType.Hinge, (Radians(-150), 0), 1, 1);
        Joint(model, "foot_joint", MjJointType.Hinge, (Radians(-45), Radians(45)), 1, 1);
        Motor(model, 0, "thigh_joint", 200, (-1, 1));
        Motor(model, 1, "leg_joint", 200, (-1, 1));
        Motor(model, 2, "foot_joint", 200, (-1, 1));
        Friction(model, "torso_geom", 0.9);
        Friction(model, "thigh_geom", 0.9);
        Friction(model, "leg_geom", 0.9);
        Friction(model, "foot_geom", 2.0);
        Assert.Equal([0.0, 1.25, 0, 0, 0, 0], model.Qpos0.ToArray()); // rootz ref = 1.25: qpos[1] is the absolute torso height

        // Density-1000 capsules of Gymnasium's hopper.xml: (radius, half-length) of torso, thigh, leg, foot.
        double mass = CapsuleMass(0.05, 0.2) + CapsuleMass(0.05, 0.225) + CapsuleMass(0.04, 0.25) + CapsuleMass(0.06, 0.195);
        TotalMass(model, mass);
        TotalMass(model, 15.820013405927003); // mj_getTotalmass of Gymnasium's hopper.xml compiled by libmujoco 2.2.2
        Assert.Equal(0.008, env.Dt);
    }

    [Fact]
    public void SpacesFollowGymnasium()
    {
        using var env = (Hopper)Envs.Make(Hopper.EnvId);
        Assert.Equal(11, env.ObservationSpace.Dimension);
        Assert.Equal(12, env.StateSize);
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal([-1.0, -1.0, -1.0], actions.Low.ToArray());
        Assert.Equal([1.0, 1.0, 1.0], actions.High.ToArray());
        Assert.True(double.IsNegativeInfinity(env.ObservationSpace.Low[0]));
        using var withX = (Hopper)Envs.Make(Hopper.EnvId, EnvOptions.Parse(["exclude_current_positions_from_observation=false"]));
        Assert.Equal(12, withX.ObservationSpace.Dimension);
        Assert.Equal(1000, withX.MaxEpisodeSteps);
    }

    [Fact]
    public void ResetAddsUniformNoiseToQposThenQvelFromTheEnvStream()
    {
        using var env = new Hopper();
        var observation = new double[11];
        env.Reset(42, observation);
        var state = new double[12];
        env.GetState(state);
        var random = new KernelRandom(42);
        double[] qpos0 = env.Model.Qpos0.ToArray();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(qpos0[i] + random.Uniform(-5e-3, 5e-3), state[i]);
        }

        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(0 + random.Uniform(-5e-3, 5e-3), state[6 + i]);
        }

        Assert.Equal(state[1..6], observation[..5]);
        Assert.Equal(state[6..], observation[5..]);
    }

    [Fact]
    public void AScriptedStepDecomposesIntoForwardHealthyAndRawControlTerms()
    {
        using var env = new Hopper();
        var observation = new double[11];
        env.Reset(7, observation);
        var before = new double[12];
        env.GetState(before);
        double[] action = [0.3, -0.7, 1.5]; // the last one lies outside [-1, 1]: the cost still uses 1.5
        StepResult result = env.Step(action, observation);
        var after = new double[12];
        env.GetState(after);

        double xVelocity = (after[0] - before[0]) / 0.008;
        double controlCost = 1e-3 * ((0.3 * 0.3) + (0.7 * 0.7) + (1.5 * 1.5));
        Assert.Equal((xVelocity + 1.0) - controlCost, result.Reward);
        Assert.Equal(new PlanarStepInfo(after[0], xVelocity, xVelocity, 1.0, controlCost, true), env.LastStepInfo);
        Assert.False(result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal(after[1..6], observation[..5]);
        Assert.Equal(after[6..].Select(v => Math.Clamp(v, -10, 10)), observation[5..]);
        Assert.Equal(action, env.Data.Ctrl.ToArray()); // ctrl holds the raw action
    }

    [Fact]
    public void VelocitiesAreClippedToTenInTheObservationOnly()
    {
        using var env = new Hopper();
        var observation = new double[11];
        env.Reset(1, observation);
        env.SetState([0, 1.25, 0, 0, 0, 0, 30, -25, 3, 0, 0, 0]);
        env.Step([0, 0, 0], observation);
        var state = new double[12];
        env.GetState(state);
        Assert.True(Math.Abs(state[6]) > 10, "the x velocity should stay above 10 after one step");
        Assert.Equal(Math.Clamp(state[6], -10, 10), observation[5]);
        Assert.Equal(Math.Clamp(state[7], -10, 10), observation[6]);
    }

    [Theory]
    [InlineData(1, 0.7, false)]                   // z must be > 0.7 (strict)
    [InlineData(1, 0.7000000001, true)]
    [InlineData(2, 0.2, false)]                   // angle in (-0.2, 0.2), strict
    [InlineData(2, -0.2, false)]
    [InlineData(2, 0.1999999, true)]
    [InlineData(3, -100, false)]                  // qpos[2:] and qvel in (-100, 100), strict
    [InlineData(3, -99.999, true)]
    [InlineData(8, 100, false)]
    [InlineData(11, -100, false)]
    [InlineData(11, 99.999, true)]
    [InlineData(6, 1000, false)]                  // qvel[0] is state_vector()[6]: checked too
    [InlineData(0, 1e6, true)]                    // qpos[0] (x) is not checked
    public void HealthUsesStrictBounds(int index, double value, bool healthy)
    {
        using var env = new Hopper();
        env.Reset(0, new double[11]);
        var state = new double[12];
        state[1] = 1.25;
        state[index] = value;
        env.SetState(state);
        Assert.Equal(healthy, env.IsHealthy);
    }

    [Fact]
    public void TheTerminatingStepStillPaysTheHealthyReward()
    {
        using var env = new Hopper();
        var observation = new double[11];
        env.Reset(0, observation);
        env.SetState([0, 1.25, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // torso pitched beyond 0.2
        StepResult result = env.Step([0, 0, 0], observation);
        Assert.True(result.Terminated);
        Assert.False(env.LastStepInfo.IsHealthy);
        Assert.Equal(1.0, env.LastStepInfo.HealthyReward);
        Assert.Equal(env.LastStepInfo.ForwardReward + 1.0, result.Reward);

        using var lenient = new Hopper(new HopperSettings { TerminateWhenUnhealthy = false });
        lenient.Reset(0, observation);
        lenient.SetState([0, 1.25, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        result = lenient.Step([0, 0, 0], observation);
        Assert.False(result.Terminated);
        Assert.Equal(0.0, lenient.LastStepInfo.HealthyReward);
    }

    [Fact]
    public void EachBoundTerminatesAStep()
    {
        (int Index, double Value)[] unhealthy = [(1, 0.5), (2, -0.3), (3, -120), (9, 150)];
        foreach ((int index, double value) in unhealthy)
        {
            using var env = new Hopper();
            var observation = new double[11];
            env.Reset(0, observation);
            var state = new double[12];
            state[1] = 1.25;
            state[index] = value;
            env.SetState(state);
            Assert.True(env.Step([0, 0, 0], observation).Terminated, $"state[{index}] = {value} should terminate");
        }
    }

    [Fact]
    public void TheRegistryTruncatesAt1000Steps()
    {
        using var env = (Hopper)Envs.Make(Hopper.EnvId, EnvOptions.Parse(["terminate_when_unhealthy=false"]));
        var observation = new double[11];
        env.Reset(5, observation);
        for (int step = 1; step <= 1000; step++)
        {
            StepResult result = env.Step([0.1, -0.1, 0.05], observation);
            Assert.False(result.Terminated);
            Assert.Equal(step == 1000, result.Truncated);
        }

        Assert.Throws<InvalidOperationException>(() => env.Step([0, 0, 0], observation));
    }

    [Fact]
    public void ThePhysicsSeesTheClampedActionButTheCostUsesTheRawOne()
    {
        using var clamped = new Hopper();
        using var raw = new Hopper();
        var first = new double[11];
        var second = new double[11];
        clamped.Reset(9, first);
        raw.Reset(9, second);
        StepResult inside = clamped.Step([1, -1, 0.5], first);
        StepResult outside = raw.Step([3, -7, 0.5], second);
        Assert.Equal(first, second); // MuJoCo clamps ctrl to [-1, 1]: identical dynamics
        Assert.Equal(1e-3 * 2.25, clamped.LastStepInfo.ControlCost);
        Assert.Equal(1e-3 * 58.25, raw.LastStepInfo.ControlCost);
        Assert.Equal(inside.Reward - outside.Reward, raw.LastStepInfo.ControlCost - clamped.LastStepInfo.ControlCost, 15);
    }

    [Fact]
    public void CoefficientsAreSettableThroughOptions()
    {
        using var env = (Hopper)Envs.Make(Hopper.EnvId, EnvOptions.Parse(["forward_reward_weight=2", "ctrl_cost_weight=0.5", "healthy_reward=3", "healthy_z_range_low=0.9", "reset_noise_scale=0"]));
        Assert.Equal(new HopperSettings { ForwardRewardWeight = 2, CtrlCostWeight = 0.5, HealthyReward = 3, HealthyZRange = (0.9, double.PositiveInfinity), ResetNoiseScale = 0 }, env.Settings);
        var observation = new double[11];
        env.Reset(1, observation);
        StepResult result = env.Step([0.5, 0, 0], observation);
        Assert.Equal((2 * env.LastStepInfo.XVelocity) + 3 - (0.5 * 0.25), result.Reward);
        Assert.Contains("reset_noise_scale", Assert.Throws<ArgumentException>(() => Envs.Make(Hopper.EnvId, EnvOptions.Parse(["reset_noise_scale=-1"]))).Message, StringComparison.Ordinal);
        Assert.Contains("healthy_angle_range", Assert.Throws<ArgumentException>(() => Envs.Make(Hopper.EnvId, EnvOptions.Parse(["healthy_angle_range_low=1"]))).Message, StringComparison.Ordinal);
        Assert.Contains("no option 'gravity'", Assert.Throws<ArgumentException>(() => Envs.Make(Hopper.EnvId, EnvOptions.Parse(["gravity=1"]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVariedModelChangesThePhysics()
    {
        using var standard = new Hopper();
        using var longThigh = new Hopper(new HopperSettings(), HopperModel.Default with { Knee = 0.5, Ankle = 0.0, Gear = 100 });
        Assert.NotSame(standard.Model, longThigh.Model);
        Assert.True(longThigh.Model.TotalMass > standard.Model.TotalMass);
        Assert.Equal(100, longThigh.Model.ActuatorGear[0]);
    }
}
