using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Envs.MuJoCo;
using Kernel.Envs.MuJoCo.Native;
using Xunit;
using static Kernel.Envs.Tests.MuJoCo.CompiledModelAssert;

namespace Kernel.Envs.Tests.MuJoCo;

/// <summary>Walker2d-v4: the compiled model against mujoco-v4.md, the observation, reward terms, health bounds, truncation and determinism.</summary>
public class Walker2dTests
{
    private const int ObservationSize = 17;
    private const int StateSize = 18;

    [Fact]
    public void TheCompiledModelHasGymnasiumsFacts()
    {
        using var env = new Walker2d();
        MuJoCoModel model = env.Model;
        Sizes(model, 9, 9, 6, "world", "torso", "thigh", "leg", "foot", "thigh_left", "leg_left", "foot_left");
        Options(model, 0.002, MjIntegrator.RK4, MjSolver.Newton, 100);
        Assert.Equal([0.0, 0, -9.81], model.Gravity.ToArray());
        JointOrder(model, "rootx", "rootz", "rooty", "thigh_joint", "leg_joint", "foot_joint", "thigh_left_joint", "leg_left_joint", "foot_left_joint");
        Joint(model, "rootx", MjJointType.Slide, null, 0, 0);
        Joint(model, "rootz", MjJointType.Slide, null, 0, 0);
        Joint(model, "rooty", MjJointType.Hinge, null, 0, 0);
        foreach (string side in new[] { string.Empty, "_left" })
        {
            Joint(model, $"thigh{side}_joint", MjJointType.Hinge, (Radians(-150), 0), 0.1, 0.01);
            Joint(model, $"leg{side}_joint", MjJointType.Hinge, (Radians(-150), 0), 0.1, 0.01);
            Joint(model, $"foot{side}_joint", MjJointType.Hinge, (Radians(-45), Radians(45)), 0.1, 0.01);
        }

        string[] driven = ["thigh_joint", "leg_joint", "foot_joint", "thigh_left_joint", "leg_left_joint", "foot_left_joint"];
        for (int i = 0; i < driven.Length; i++)
        {
            Motor(model, i, driven[i], 100, (-1, 1));
        }

        // v4 keeps the left foot at 1.9 and everything else at 0.9 (walker2d_v5.xml makes both feet 1.9).
        foreach (string geom in new[] { "torso_geom", "thigh_geom", "leg_geom", "foot_geom", "thigh_left_geom", "leg_left_geom" })
        {
            Friction(model, geom, 0.9);
        }

        Friction(model, "foot_left_geom", 1.9);
        Assert.Equal([0.0, 1.25, 0, 0, 0, 0, 0, 0, 0], model.Qpos0.ToArray());

        // Density-1000 capsules of Gymnasium's walker2d.xml: torso, then per side thigh, leg, foot (radius, half-length).
        double mass = CapsuleMass(0.05, 0.2) + (2 * (CapsuleMass(0.05, 0.225) + CapsuleMass(0.04, 0.25) + CapsuleMass(0.06, 0.1)));
        TotalMass(model, mass);
        TotalMass(model, 23.677136632555076); // mj_getTotalmass of Gymnasium's walker2d.xml compiled by libmujoco 2.2.2
        Assert.Equal(0.008, env.Dt);
        Assert.Equal(4, env.FrameSkip);
    }

    [Fact]
    public void SpacesFollowGymnasium()
    {
        using var env = (Walker2d)Envs.Make(Walker2d.EnvId);
        Assert.Equal(ObservationSize, env.ObservationSpace.Dimension);
        Assert.Equal(StateSize, env.StateSize);
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal(Enumerable.Repeat(-1.0, 6), actions.Low.ToArray());
        Assert.Equal(Enumerable.Repeat(1.0, 6), actions.High.ToArray());
        Assert.Equal(1000, env.MaxEpisodeSteps);
        using var withX = (Walker2d)Envs.Make(Walker2d.EnvId, EnvOptions.Parse(["exclude_current_positions_from_observation=false"]));
        Assert.Equal(18, withX.ObservationSpace.Dimension);
        var observation = new double[18];
        withX.Reset(3, observation);
        var state = new double[StateSize];
        withX.GetState(state);
        Assert.Equal(state[..9], observation[..9]);
    }

    [Fact]
    public void ResetAddsUniformNoiseToQposThenQvelFromTheEnvStream()
    {
        using var env = new Walker2d();
        var observation = new double[ObservationSize];
        env.Reset(42, observation);
        var state = new double[StateSize];
        env.GetState(state);
        var random = new KernelRandom(42);
        double[] qpos0 = env.Model.Qpos0.ToArray();
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(qpos0[i] + random.Uniform(-5e-3, 5e-3), state[i]);
        }

        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(0 + random.Uniform(-5e-3, 5e-3), state[9 + i]);
        }

        Assert.Equal(state[1..9], observation[..8]);
        Assert.Equal(state[9..], observation[8..]);
    }

    [Fact]
    public void AScriptedStepDecomposesIntoForwardHealthyAndRawControlTerms()
    {
        using var env = new Walker2d();
        var observation = new double[ObservationSize];
        env.Reset(7, observation);
        var before = new double[StateSize];
        env.GetState(before);
        double[] action = [0.3, -0.7, 1.5, 0.2, -2.0, 0.1]; // two entries lie outside [-1, 1]: the cost still uses them
        StepResult result = env.Step(action, observation);
        var after = new double[StateSize];
        env.GetState(after);

        double xVelocity = (after[0] - before[0]) / 0.008;
        double controlCost = 1e-3 * ((((((0.3 * 0.3) + (0.7 * 0.7)) + (1.5 * 1.5)) + (0.2 * 0.2)) + (2.0 * 2.0)) + (0.1 * 0.1)); // fewer than 8 terms: NumPy adds left to right
        Assert.Equal((xVelocity + 1.0) - controlCost, result.Reward);
        Assert.Equal(new PlanarStepInfo(after[0], xVelocity, xVelocity, 1.0, controlCost, true), env.LastStepInfo);
        Assert.False(result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal(after[1..9], observation[..8]);
        Assert.Equal(after[9..].Select(v => Math.Clamp(v, -10, 10)), observation[8..]);
        Assert.Equal(action, env.Data.Ctrl.ToArray()); // ctrl holds the raw action
    }

    [Fact]
    public void VelocitiesAreClippedToTenInTheObservationOnly()
    {
        using var env = new Walker2d();
        var observation = new double[ObservationSize];
        env.Reset(1, observation);
        env.SetState([0, 1.25, 0, 0, 0, 0, 0, 0, 0, 30, -25, 3, 0, 0, 0, 0, 0, 0]);
        env.Step(new double[6], observation);
        var state = new double[StateSize];
        env.GetState(state);
        Assert.True(state[9] > 10 && state[10] < -10, "the root velocities should stay beyond ±10 after one step");
        Assert.Equal(10, observation[8]);
        Assert.Equal(-10, observation[9]);
        Assert.Equal(state[11..].Select(v => Math.Clamp(v, -10, 10)), observation[10..]);
    }

    [Theory]
    [InlineData(1, 0.8, false)]                 // z in (0.8, 2.0), strict
    [InlineData(1, 0.8000000001, true)]
    [InlineData(1, 2.0, false)]
    [InlineData(1, 1.9999999999, true)]
    [InlineData(2, 1.0, false)]                 // angle in (-1, 1), strict
    [InlineData(2, -1.0, false)]
    [InlineData(2, 0.9999999999, true)]
    [InlineData(2, -0.9999999999, true)]
    [InlineData(3, -2.5, true)]                 // no bound on the joints or velocities (unlike Hopper)
    [InlineData(9, 500, true)]
    [InlineData(17, -500, true)]
    public void HealthUsesStrictBoundsOnHeightAndAngleOnly(int index, double value, bool healthy)
    {
        using var env = new Walker2d();
        env.Reset(0, new double[ObservationSize]);
        var state = new double[StateSize];
        state[1] = 1.25;
        state[index] = value;
        env.SetState(state);
        Assert.Equal(healthy, env.IsHealthy);
    }

    [Property(MaxTest = 60, Replay = "(11,13)")]
    public Property HealthIsTheOpenBoxOfHeightAndAngle()
        => Prop.ForAll(
            Gen.Choose(0, 3000).Select(z => z / 1000.0).ToArbitrary(),
            Gen.Choose(-2000, 2000).Select(a => a / 1000.0).ToArbitrary(),
            static (z, angle) =>
            {
                using var env = new Walker2d();
                env.Reset(0, new double[ObservationSize]);
                var state = new double[StateSize];
                state[1] = z;
                state[2] = angle;
                env.SetState(state);
                return env.IsHealthy == (z > 0.8 && z < 2.0 && angle > -1 && angle < 1);
            });

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(1, 2.5)]
    [InlineData(2, -1.5)]
    [InlineData(2, 1.5)]
    public void EachBoundTerminatesAStepThatStillPaysTheHealthyReward(int index, double value)
    {
        using var env = new Walker2d();
        var observation = new double[ObservationSize];
        env.Reset(0, observation);
        var state = new double[StateSize];
        state[1] = 1.25;
        state[index] = value;
        env.SetState(state);
        StepResult result = env.Step(new double[6], observation);
        Assert.True(result.Terminated, $"state[{index}] = {value} should terminate");
        Assert.False(env.LastStepInfo.IsHealthy);
        Assert.Equal(1.0, env.LastStepInfo.HealthyReward);
        Assert.Equal(env.LastStepInfo.ForwardReward + 1.0, result.Reward);

        using var lenient = new Walker2d(new Walker2dSettings { TerminateWhenUnhealthy = false });
        lenient.Reset(0, observation);
        lenient.SetState(state);
        result = lenient.Step(new double[6], observation);
        Assert.False(result.Terminated);
        Assert.Equal(0.0, lenient.LastStepInfo.HealthyReward);
        Assert.Equal(lenient.LastStepInfo.ForwardReward, result.Reward);
    }

    [Fact]
    public void AWalkerLeftAloneFallsAndTerminatesOnTheFirstUnhealthyStep()
    {
        using var env = new Walker2d();
        var observation = new double[ObservationSize];
        env.Reset(2, observation);
        var zero = new double[6];
        for (int step = 1; step < 1000; step++)
        {
            StepResult result = env.Step(zero, observation);
            double z = env.Data.Qpos[1];
            double angle = env.Data.Qpos[2];
            bool healthy = z > 0.8 && z < 2.0 && angle > -1 && angle < 1;
            Assert.Equal(!healthy, result.Terminated);
            Assert.Equal(1.0, env.LastStepInfo.HealthyReward);
            if (result.Terminated)
            {
                Assert.True(step > 10, $"the walker should stand for a few steps, fell at {step}");
                return;
            }
        }

        Assert.Fail("an unactuated walker should fall within 1000 steps");
    }

    [Fact]
    public void TheRegistryTruncatesAt1000Steps()
    {
        using var env = (Walker2d)Envs.Make(Walker2d.EnvId, EnvOptions.Parse(["terminate_when_unhealthy=false"]));
        var observation = new double[ObservationSize];
        env.Reset(5, observation);
        double[] action = [0.1, -0.1, 0.05, -0.05, 0.1, -0.1];
        for (int step = 1; step <= 1000; step++)
        {
            StepResult result = env.Step(action, observation);
            Assert.False(result.Terminated);
            Assert.Equal(step == 1000, result.Truncated);
        }

        Assert.Throws<InvalidOperationException>(() => env.Step(action, observation));
    }

    [Fact]
    public void ThePhysicsSeesTheClampedActionButTheCostUsesTheRawOne()
    {
        using var clamped = new Walker2d();
        using var raw = new Walker2d();
        var first = new double[ObservationSize];
        var second = new double[ObservationSize];
        clamped.Reset(9, first);
        raw.Reset(9, second);
        StepResult inside = clamped.Step([1, -1, 0.5, 1, -1, 0], first);
        StepResult outside = raw.Step([3, -7, 0.5, 1.5, -1, 0], second);
        Assert.Equal(first, second); // MuJoCo clamps ctrl to [-1, 1]: identical dynamics
        Assert.Equal(1e-3 * 4.25, clamped.LastStepInfo.ControlCost);
        Assert.Equal(1e-3 * 61.5, raw.LastStepInfo.ControlCost);
        Assert.Equal(inside.Reward - outside.Reward, raw.LastStepInfo.ControlCost - clamped.LastStepInfo.ControlCost, 14);
    }

    [Fact]
    public void SameSeedAndActionsGiveBitIdenticalTrajectories()
    {
        double[] first = Rollout(11);
        Assert.Equal(first, Rollout(11));
        Assert.NotEqual(first, Rollout(12));
    }

    [Fact]
    public void CoefficientsAreSettableThroughOptions()
    {
        using var env = (Walker2d)Envs.Make(Walker2d.EnvId, EnvOptions.Parse(["forward_reward_weight=2", "ctrl_cost_weight=0.5", "healthy_reward=3", "healthy_z_range_low=0.9", "healthy_angle_range_high=0.5", "reset_noise_scale=0"]));
        var expected = new Walker2dSettings { ForwardRewardWeight = 2, CtrlCostWeight = 0.5, HealthyReward = 3, HealthyZRange = (0.9, 2.0), HealthyAngleRange = (-1, 0.5), ResetNoiseScale = 0 };
        Assert.Equal(expected, env.Settings);
        var observation = new double[ObservationSize];
        env.Reset(1, observation);
        Assert.Equal(env.Model.Qpos0[1..].ToArray(), observation[..8]); // no reset noise
        StepResult result = env.Step([0.5, 0, 0, 0, 0, 0], observation);
        Assert.Equal((2 * env.LastStepInfo.XVelocity) + 3 - (0.5 * 0.25), result.Reward);
        Assert.Contains("reset_noise_scale", Assert.Throws<ArgumentException>(() => Envs.Make(Walker2d.EnvId, EnvOptions.Parse(["reset_noise_scale=-1"]))).Message, StringComparison.Ordinal);
        Assert.Contains("healthy_z_range", Assert.Throws<ArgumentException>(() => Envs.Make(Walker2d.EnvId, EnvOptions.Parse(["healthy_z_range_low=3"]))).Message, StringComparison.Ordinal);
        Assert.Contains("no option 'healthy_state_range_low'", Assert.Throws<ArgumentException>(() => Envs.Make(Walker2d.EnvId, EnvOptions.Parse(["healthy_state_range_low=1"]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVariedModelChangesThePhysics()
    {
        using var standard = new Walker2d();
        using var symmetric = new Walker2d(new Walker2dSettings(), Walker2dModel.Default with { LeftFootFriction = 0.9, Gear = 80 });
        Assert.NotSame(standard.Model, symmetric.Model);
        Friction(symmetric.Model, "foot_left_geom", 0.9);
        Assert.Equal(80, symmetric.Model.ActuatorGear[0]);
    }

    /// <summary>Rewards, then every observation, of 200 steps from Reset(seed) under a fixed action sequence.</summary>
    private static double[] Rollout(ulong seed)
    {
        using var env = new Walker2d(new Walker2dSettings { TerminateWhenUnhealthy = false });
        var observation = new double[ObservationSize];
        env.Reset(seed, observation);
        var trace = new List<double>(observation);
        var action = new double[6];
        for (int step = 0; step < 200; step++)
        {
            for (int i = 0; i < action.Length; i++)
            {
                action[i] = Math.Sin((0.1 * step) + i);
            }

            StepResult result = env.Step(action, observation);
            trace.Add(result.Reward);
            trace.AddRange(observation);
        }

        return [.. trace];
    }
}
