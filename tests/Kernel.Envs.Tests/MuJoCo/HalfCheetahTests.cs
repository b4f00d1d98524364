using Kernel.Envs.MuJoCo;
using Kernel.Envs.MuJoCo.Native;
using Xunit;
using static Kernel.Envs.Tests.MuJoCo.CompiledModelAssert;

namespace Kernel.Envs.Tests.MuJoCo;

/// <summary>HalfCheetah-v4: the compiled model against mujoco-v4.md, the unclipped observation, reward terms, no termination, truncation and determinism.</summary>
public class HalfCheetahTests
{
    private const int ObservationSize = 17;
    private const int StateSize = 18;

    [Fact]
    public void TheCompiledModelHasGymnasiumsFacts()
    {
        using var env = new HalfCheetah();
        MuJoCoModel model = env.Model;
        Sizes(model, 9, 9, 6, "world", "torso", "bthigh", "bshin", "bfoot", "fthigh", "fshin", "ffoot");
        Options(model, 0.01, MjIntegrator.Euler, MjSolver.Newton, 100);
        Assert.Equal([0.0, 0, -9.81], model.Gravity.ToArray());
        JointOrder(model, "rootx", "rootz", "rooty", "bthigh", "bshin", "bfoot", "fthigh", "fshin", "ffoot");
        Joint(model, "rootx", MjJointType.Slide, null, 0, 0);
        Joint(model, "rootz", MjJointType.Slide, null, 0, 0);
        Joint(model, "rooty", MjJointType.Hinge, null, 0, 0);

        // mujoco-v4.md's table: stiffness, damping, range in radians; armature 0.1 on all six.
        Joint(model, "bthigh", MjJointType.Hinge, (-0.52, 1.05), 6, 0.1, 240);
        Joint(model, "bshin", MjJointType.Hinge, (-0.785, 0.785), 4.5, 0.1, 180);
        Joint(model, "bfoot", MjJointType.Hinge, (-0.4, 0.785), 3, 0.1, 120);
        Joint(model, "fthigh", MjJointType.Hinge, (-1, 0.7), 4.5, 0.1, 180);
        Joint(model, "fshin", MjJointType.Hinge, (-1.2, 0.87), 3, 0.1, 120);
        Joint(model, "ffoot", MjJointType.Hinge, (-0.5, 0.5), 1.5, 0.1, 60);

        (string Joint, double Gear)[] motors = [("bthigh", 120), ("bshin", 90), ("bfoot", 60), ("fthigh", 120), ("fshin", 60), ("ffoot", 30)];
        for (int i = 0; i < motors.Length; i++)
        {
            Motor(model, i, motors[i].Joint, motors[i].Gear, (-1, 1));
        }

        foreach (string geom in new[] { "torso", "head", "bthigh", "bshin", "bfoot", "fthigh", "fshin", "ffoot" })
        {
            Friction(model, geom, 0.4);
        }

        Assert.Equal([0.0, 0, 0, 0, 0, 0, 0, 0, 0], model.Qpos0.ToArray()); // the torso frame sits at z = 0.7; rootz has no ref
        TotalMass(model, 14); // compiler settotalmass = 14 rescales the geom masses
        Assert.Equal(0.05, env.Dt);
        Assert.Equal(5, env.FrameSkip);
    }

    [Fact]
    public void SpacesFollowGymnasium()
    {
        using var env = (HalfCheetah)Envs.Make(HalfCheetah.EnvId);
        Assert.Equal(ObservationSize, env.ObservationSpace.Dimension);
        Assert.Equal(StateSize, env.StateSize);
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal(Enumerable.Repeat(-1.0, 6), actions.Low.ToArray());
        Assert.Equal(Enumerable.Repeat(1.0, 6), actions.High.ToArray());
        Assert.Equal(1000, env.MaxEpisodeSteps);
        using var withX = (HalfCheetah)Envs.Make(HalfCheetah.EnvId, EnvOptions.Parse(["exclude_current_positions_from_observation=false"]));
        Assert.Equal(18, withX.ObservationSpace.Dimension);
    }

    [Fact]
    public void ResetAddsUniformNoiseToQposThenNormalNoiseToQvel()
    {
        using var env = new HalfCheetah();
        var observation = new double[ObservationSize];
        env.Reset(42, observation);
        var state = new double[StateSize];
        env.GetState(state);
        var random = new KernelRandom(42);
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(0 + random.Uniform(-0.1, 0.1), state[i]);
        }

        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(0 + (0.1 * random.Normal()), state[9 + i]);
        }

        Assert.Equal(state[1..9], observation[..8]);
        Assert.Equal(state[9..], observation[8..]);
    }

    [Fact]
    public void AScriptedStepDecomposesIntoForwardAndRawControlTerms()
    {
        using var env = new HalfCheetah();
        var observation = new double[ObservationSize];
        env.Reset(7, observation);
        var before = new double[StateSize];
        env.GetState(before);
        double[] action = [0.3, -0.7, 1.5, 0.2, -2.0, 0.1];
        StepResult result = env.Step(action, observation);
        var after = new double[StateSize];
        env.GetState(after);

        double xVelocity = (after[0] - before[0]) / 0.05;
        double controlCost = 0.1 * ((((((0.3 * 0.3) + (0.7 * 0.7)) + (1.5 * 1.5)) + (0.2 * 0.2)) + (2.0 * 2.0)) + (0.1 * 0.1));
        Assert.Equal(xVelocity - controlCost, result.Reward);
        Assert.Equal(new HalfCheetahStepInfo(after[0], xVelocity, xVelocity, controlCost), env.LastStepInfo);
        Assert.False(result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal(after[1..9], observation[..8]);
        Assert.Equal(after[9..], observation[8..]);
        Assert.Equal(action, env.Data.Ctrl.ToArray());
    }

    [Fact]
    public void VelocitiesAreNotClipped()
    {
        using var env = new HalfCheetah();
        var observation = new double[ObservationSize];
        env.Reset(1, observation);
        env.SetState([0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0]);
        env.Step(new double[6], observation);
        var state = new double[StateSize];
        env.GetState(state);
        Assert.True(state[9] > 10, $"the x velocity {state[9]} should stay above 10 after one step");
        Assert.Equal(state[9..], observation[8..]);
    }

    [Fact]
    public void AFlippedCheetahNeverTerminatesAndTheRegistryTruncatesAt1000()
    {
        using var env = (HalfCheetah)Envs.Make(HalfCheetah.EnvId);
        var observation = new double[ObservationSize];
        env.Reset(5, observation);
        env.SetState([0, 0.3, 3.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // on its back
        var action = new double[6];
        for (int step = 1; step <= 1000; step++)
        {
            for (int i = 0; i < action.Length; i++)
            {
                action[i] = Math.Sin((0.37 * step) + i);
            }

            StepResult result = env.Step(action, observation);
            Assert.False(result.Terminated);
            Assert.Equal(step == 1000, result.Truncated);
        }

        Assert.Throws<InvalidOperationException>(() => env.Step(action, observation));
    }

    [Fact]
    public void ThePhysicsSeesTheClampedActionButTheCostUsesTheRawOne()
    {
        using var clamped = new HalfCheetah();
        using var raw = new HalfCheetah();
        var first = new double[ObservationSize];
        var second = new double[ObservationSize];
        clamped.Reset(9, first);
        raw.Reset(9, second);
        StepResult inside = clamped.Step([1, -1, 0.5, 1, -1, 0], first);
        StepResult outside = raw.Step([3, -7, 0.5, 1.5, -1, 0], second);
        Assert.Equal(first, second);
        Assert.Equal(0.1 * 4.25, clamped.LastStepInfo.ControlCost);
        Assert.Equal(0.1 * 61.5, raw.LastStepInfo.ControlCost);
        Assert.Equal(inside.Reward - outside.Reward, raw.LastStepInfo.ControlCost - clamped.LastStepInfo.ControlCost, 12);
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
        using var env = (HalfCheetah)Envs.Make(HalfCheetah.EnvId, EnvOptions.Parse(["forward_reward_weight=2", "ctrl_cost_weight=0.5", "reset_noise_scale=0"]));
        Assert.Equal(new HalfCheetahSettings { ForwardRewardWeight = 2, CtrlCostWeight = 0.5, ResetNoiseScale = 0 }, env.Settings);
        var observation = new double[ObservationSize];
        env.Reset(1, observation);
        Assert.Equal(new double[ObservationSize], observation); // no reset noise: qpos0 = 0, qvel = 0
        StepResult result = env.Step([0.5, 0, 0, 0, 0, 0], observation);
        Assert.Equal((2 * env.LastStepInfo.XVelocity) - (0.5 * 0.25), result.Reward);
        Assert.Contains("reset_noise_scale", Assert.Throws<ArgumentException>(() => Envs.Make(HalfCheetah.EnvId, EnvOptions.Parse(["reset_noise_scale=-0.1"]))).Message, StringComparison.Ordinal);
        Assert.Contains("no option 'healthy_reward'", Assert.Throws<ArgumentException>(() => Envs.Make(HalfCheetah.EnvId, EnvOptions.Parse(["healthy_reward=1"]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVariedModelChangesThePhysics()
    {
        HalfCheetahModel stiffFoot = HalfCheetahModel.Default with { BackFoot = HalfCheetahModel.Default.BackFoot with { Gear = 90, Stiffness = 200 } };
        using var varied = new HalfCheetah(new HalfCheetahSettings(), stiffFoot with { TotalMass = 20 });
        Assert.Equal(90, varied.Model.ActuatorGear[6 * 2]);
        Assert.Equal(200, varied.Model.JointStiffness[varied.Model.RequireId(MjObjectType.Joint, "bfoot")]);
        TotalMass(varied.Model, 20);
    }

    /// <summary>Rewards, then every observation, of 200 steps from Reset(seed) under a fixed action sequence.</summary>
    private static double[] Rollout(ulong seed)
    {
        using var env = new HalfCheetah();
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
