using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Envs.MuJoCo;
using Kernel.Envs.MuJoCo.Native;
using Xunit;
using static Kernel.Envs.Tests.MuJoCo.CompiledModelAssert;

namespace Kernel.Envs.Tests.MuJoCo;

/// <summary>
/// Humanoid-v4: the compiled model against mujoco-v4.md (Gymnasium's 17-actuator humanoid), the 376-value observation
/// layout, reward terms with the stale mass centre, strict health bounds, truncation, determinism, raw control cost.
/// </summary>
public class HumanoidTests
{
    private const int ObservationSize = 376;
    private const int StateSize = 47;

    private static readonly string[] Bodies =
    [
        "world", "torso", "lwaist", "pelvis", "right_thigh", "right_shin", "right_foot", "left_thigh", "left_shin", "left_foot",
        "right_upper_arm", "right_lower_arm", "left_upper_arm", "left_lower_arm",
    ];

    [Fact]
    public void TheCompiledModelHasGymnasiumsFacts()
    {
        using var env = new Humanoid();
        MuJoCoModel model = env.Model;
        Sizes(model, 24, 23, 17, Bodies);
        Options(model, 0.003, MjIntegrator.RK4, MjSolver.PGS, 50);
        Assert.Equal(18, model.JointCount);
        Assert.Equal(2, model.TendonCount);
        Assert.Equal("left_hipknee", model.Name(MjObjectType.Tendon, 0));
        Assert.Equal("right_hipknee", model.Name(MjObjectType.Tendon, 1));

        // Joint order starts abdomen_z, abdomen_y; the actuator order starts abdomen_y, abdomen_z.
        JointOrder(
            model, "root", "abdomen_z", "abdomen_y", "abdomen_x", "right_hip_x", "right_hip_z", "right_hip_y", "right_knee",
            "left_hip_x", "left_hip_z", "left_hip_y", "left_knee", "right_shoulder1", "right_shoulder2", "right_elbow",
            "left_shoulder1", "left_shoulder2", "left_elbow");
        Joint(model, "root", MjJointType.Free, null, 0, 0);
        Joint(model, "abdomen_z", MjJointType.Hinge, (Radians(-45), Radians(45)), 5, 0.02, 20);
        Joint(model, "abdomen_y", MjJointType.Hinge, (Radians(-75), Radians(30)), 5, 0.02, 10);
        Joint(model, "abdomen_x", MjJointType.Hinge, (Radians(-35), Radians(35)), 5, 0.02, 10);
        foreach (string side in new[] { "right", "left" })
        {
            Joint(model, $"{side}_hip_x", MjJointType.Hinge, (Radians(-25), Radians(5)), 5, 0.01, 10);
            Joint(model, $"{side}_hip_z", MjJointType.Hinge, (Radians(-60), Radians(35)), 5, 0.01, 10);
            Joint(model, $"{side}_elbow", MjJointType.Hinge, (Radians(-90), Radians(50)), 1, 0.0028, 0);
            Joint(model, $"{side}_shoulder2", MjJointType.Hinge, side == "right" ? (Radians(-85), Radians(60)) : (Radians(-60), Radians(85)), 1, 0.0051, 1);
            Joint(model, $"{side}_shoulder1", MjJointType.Hinge, side == "right" ? (Radians(-85), Radians(60)) : (Radians(-60), Radians(85)), 1, 0.0068, 1);
        }

        // The asset's left/right asymmetries: hip_y armature 0.008 vs 0.01, knee stiffness 0 vs 1.
        Joint(model, "right_hip_y", MjJointType.Hinge, (Radians(-110), Radians(20)), 5, 0.008, 20);
        Joint(model, "left_hip_y", MjJointType.Hinge, (Radians(-110), Radians(20)), 5, 0.01, 20);
        Joint(model, "right_knee", MjJointType.Hinge, (Radians(-160), Radians(-2)), 1, 0.006, 0);
        Joint(model, "left_knee", MjJointType.Hinge, (Radians(-160), Radians(-2)), 1, 0.006, 1);

        (string Joint, double Gear)[] motors =
        [
            ("abdomen_y", 100), ("abdomen_z", 100), ("abdomen_x", 100),
            ("right_hip_x", 100), ("right_hip_z", 100), ("right_hip_y", 300), ("right_knee", 200),
            ("left_hip_x", 100), ("left_hip_z", 100), ("left_hip_y", 300), ("left_knee", 200),
            ("right_shoulder1", 25), ("right_shoulder2", 25), ("right_elbow", 25),
            ("left_shoulder1", 25), ("left_shoulder2", 25), ("left_elbow", 25),
        ];
        for (int i = 0; i < motors.Length; i++)
        {
            Motor(model, i, motors[i].Joint, motors[i].Gear, (-0.4, 0.4));
        }

        Friction(model, "floor", 1);
        double[] qpos0 = new double[24];
        qpos0[2] = 1.4;
        qpos0[3] = 1;
        Assert.Equal(qpos0, model.Qpos0.ToArray());

        // Density-1000 geoms of Gymnasium's humanoid.xml (capsule half-lengths from their fromto).
        double Sphere(double r) => 1000 * (4.0 / 3.0) * Math.PI * r * r * r;
        double thighHalf = Math.Sqrt((0.01 * 0.01) + (0.34 * 0.34)) / 2;
        double armHalf = Math.Sqrt(3 * 0.16 * 0.16) / 2; // upper arm 0 -> (0.16, ±0.16, -0.16); forearm (0.01, ...) -> (0.17, ...)
        double trunk = CapsuleMass(0.07, 0.07) + Sphere(0.09) + CapsuleMass(0.06, 0.06) + CapsuleMass(0.06, 0.06) + CapsuleMass(0.09, 0.07);
        double limbs = CapsuleMass(0.06, thighHalf) + CapsuleMass(0.049, 0.15) + Sphere(0.075) + CapsuleMass(0.04, armHalf) + CapsuleMass(0.031, armHalf) + Sphere(0.04);
        TotalMass(model, trunk + (2 * limbs));
        TotalMass(model, 42.116030492129887); // mj_getTotalmass of Gymnasium's humanoid.xml compiled by libmujoco 2.2.2
        Assert.Equal(0.015, env.Dt, 15);
        Assert.Equal(5, env.FrameSkip);
    }

    [Fact]
    public void SpacesFollowGymnasium()
    {
        using var env = (Humanoid)Envs.Make(Humanoid.EnvId);
        Assert.Equal(ObservationSize, env.ObservationSpace.Dimension);
        Assert.Equal(StateSize, env.StateSize);
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal(Enumerable.Repeat((double)-0.4f, 17), actions.Low.ToArray()); // float32 Box, as Gymnasium's
        Assert.Equal(Enumerable.Repeat((double)0.4f, 17), actions.High.ToArray());
        Assert.Equal(1000, env.MaxEpisodeSteps);
        using var withXy = (Humanoid)Envs.Make(Humanoid.EnvId, EnvOptions.Parse(["exclude_current_positions_from_observation=false"]));
        Assert.Equal(378, withXy.ObservationSpace.Dimension);
    }

    [Fact]
    public void TheObservationIsQposQvelCinertCvelQfrcActuatorCfrcExtWithZeroWorldRows()
    {
        using var env = new Humanoid(new HumanoidSettings { TerminateWhenUnhealthy = false });
        var observation = new double[ObservationSize];
        env.Reset(6, observation);
        var action = new double[17];
        for (int step = 0; step < 40; step++)
        {
            for (int i = 0; i < 17; i++)
            {
                action[i] = 0.3 * Math.Sin((0.3 * step) + i);
            }

            env.Step(action, observation);
        }

        MuJoCoData data = env.Data;
        Assert.Equal(data.Qpos[2..].ToArray(), observation[0..22]);
        Assert.Equal(data.Qvel.ToArray(), observation[22..45]);
        Assert.Equal(data.Cinert.ToArray(), observation[45..185]);
        Assert.Equal(data.Cvel.ToArray(), observation[185..269]);
        Assert.Equal(data.QfrcActuator.ToArray(), observation[269..292]);
        Assert.Equal(data.CfrcExt.ToArray(), observation[292..376]);

        Assert.All(observation[45..55], v => Assert.Equal(0, v));   // world row of cinert
        Assert.All(observation[185..191], v => Assert.Equal(0, v)); // world row of cvel
        Assert.All(observation[269..275], v => Assert.Equal(0, v)); // free joint's qfrc_actuator
        Assert.All(observation[292..298], v => Assert.Equal(0, v)); // world row of cfrc_ext
        Assert.Contains(observation[298..376], v => v != 0);       // the feet have landed: contact forces
        Assert.Contains(observation[269..292], v => Math.Abs(v) > 1); // not clipped
    }

    [Fact]
    public void ResetAddsUniformNoiseToQposThenQvel()
    {
        using var env = new Humanoid();
        var observation = new double[ObservationSize];
        env.Reset(42, observation);
        var state = new double[StateSize];
        env.GetState(state);
        var random = new KernelRandom(42);
        double[] noised = [.. env.Model.Qpos0.ToArray().Select(q => q + random.Uniform(-0.01, 0.01))];
        for (int i = 0; i < 24; i++)
        {
            if (i is < 3 or > 6)
            {
                Assert.Equal(noised[i], state[i]);
            }
        }

        for (int i = 0; i < 23; i++)
        {
            Assert.Equal(0 + random.Uniform(-0.01, 0.01), state[24 + i]);
        }

        // The noised quaternion, normalised in place by libmujoco 2.2.2's mj_forward (see AntTests).
        double norm = Math.Sqrt(noised[3..7].Sum(q => q * q));
        Assert.NotEqual(1, norm);
        for (int i = 3; i < 7; i++)
        {
            Assert.Equal(noised[i] / norm, state[i], 1e-15);
        }

        Assert.Equal(state[2..24], observation[..22]);
        Assert.Equal(state[24..], observation[22..45]);
    }

    [Fact]
    public void AScriptedStepDecomposesIntoForwardHealthyAndRawControlTerms()
    {
        using var env = new Humanoid();
        var observation = new double[ObservationSize];
        env.Reset(7, observation);
        (double xBefore, double yBefore) = MassCenter(env);
        double[] c = [0.1, -0.2, 0.3, 0.9, -0.4, 0.25, -1.2, 0.05, 0.15, -0.35, 0.4, -0.1, 0.2, 0.3, -0.05, 0.6, -0.25];
        StepResult result = env.Step(c, observation);
        (double xAfter, double yAfter) = MassCenter(env);

        // 17 terms: NumPy's pairwise sum keeps 8 partial sums (c_k² + c_{k+8}²), combines them as a tree, then adds c_16².
        double[] r = [.. Enumerable.Range(0, 8).Select(k => (c[k] * c[k]) + (c[k + 8] * c[k + 8]))];
        double squares = ((((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))) + (c[16] * c[16]));
        double controlCost = 0.1 * squares;
        double xVelocity = (xAfter - xBefore) / env.Dt;
        double yVelocity = (yAfter - yBefore) / env.Dt;
        var expected = new HumanoidStepInfo(xAfter, yAfter, xVelocity, yVelocity, 1.25 * xVelocity, 5.0, controlCost, true);
        Assert.Equal(expected, env.LastStepInfo);
        Assert.Equal(((1.25 * xVelocity) + 5.0) - controlCost, result.Reward);
        Assert.False(result.Terminated);
        Assert.Equal(c, env.Data.Ctrl.ToArray()); // ctrl holds the raw action, outside ±0.4 included
    }

    [Fact]
    public void TheMassCentreAndCinertCvelAreReadAsMjStepLeavesThem()
    {
        using var env = new Humanoid();
        var observation = new double[ObservationSize];
        env.Reset(3, observation);
        env.Step(Enumerable.Repeat(0.3, 17).ToArray(), observation);
        (double staleX, double staleY) = MassCenter(env);
        Assert.Equal((staleX, staleY), (env.LastStepInfo.XPosition, env.LastStepInfo.YPosition));

        // The same state with kinematics recomputed (set_state runs mj_forward) gives other xipos, cinert and cvel.
        var state = new double[StateSize];
        env.GetState(state);
        using var fresh = new Humanoid();
        var freshObservation = new double[ObservationSize];
        fresh.Reset(3, freshObservation);
        fresh.SetState(state);
        (double freshX, _) = MassCenter(fresh);
        Assert.NotEqual(staleX, freshX);
        Assert.Equal(observation[..45], state[2..]); // positions and velocities are current
        Assert.NotEqual(fresh.Data.Cinert.ToArray(), observation[45..185]);
        Assert.NotEqual(fresh.Data.Cvel.ToArray(), observation[185..269]);
        Assert.Equal(env.Data.Cinert.ToArray(), observation[45..185]);
    }

    [Theory]
    [InlineData(1.0, false)]                    // 1.0 < z < 2.0, strict
    [InlineData(2.0, false)]
    [InlineData(1.00000000001, true)]
    [InlineData(1.99999999999, true)]
    [InlineData(0.5, false)]
    public void HealthUsesAStrictHeightInterval(double z, bool healthy)
    {
        using var env = new Humanoid();
        env.Reset(0, new double[ObservationSize]);
        var state = new double[StateSize];
        state[2] = z;
        state[3] = 1;
        env.SetState(state);
        Assert.Equal(healthy, env.IsHealthy);
    }

    [Property(MaxTest = 60, Replay = "(23,29)")]
    public Property HealthIsTheOpenHeightInterval()
        => Prop.ForAll(
            Gen.Choose(0, 3000).Select(z => z / 1000.0).ToArbitrary(),
            static z =>
            {
                using var env = new Humanoid();
                env.Reset(0, new double[ObservationSize]);
                var state = new double[StateSize];
                state[2] = z;
                state[3] = 1;
                env.SetState(state);
                return env.IsHealthy == (z > 1.0 && z < 2.0);
            });

    [Fact]
    public void AHumanoidLeftAloneFallsAndTerminatesOnTheFirstStepBelowOneMetre()
    {
        using var env = new Humanoid();
        var observation = new double[ObservationSize];
        env.Reset(2, observation);
        var zero = new double[17];
        for (int step = 1; step < 1000; step++)
        {
            StepResult result = env.Step(zero, observation);
            double z = env.Data.Qpos[2];
            Assert.Equal(!(z > 1.0 && z < 2.0), result.Terminated);
            Assert.Equal(5.0, env.LastStepInfo.HealthyReward); // paid on the terminating step too
            if (result.Terminated)
            {
                Assert.True(step > 5, $"fell at step {step}");
                Assert.Equal(env.LastStepInfo.ForwardReward + 5.0, result.Reward);
                return;
            }
        }

        Assert.Fail("an unactuated humanoid should fall within 1000 steps");
    }

    [Fact]
    public void TheUpperBoundTerminatesAndLenientSettingsDropTheHealthyReward()
    {
        using var env = new Humanoid();
        var observation = new double[ObservationSize];
        env.Reset(0, observation);
        var state = new double[StateSize];
        state[2] = 2.5;
        state[3] = 1;
        env.SetState(state);
        StepResult result = env.Step(new double[17], observation);
        Assert.True(result.Terminated);
        Assert.Equal(5.0, env.LastStepInfo.HealthyReward);

        using var lenient = new Humanoid(new HumanoidSettings { TerminateWhenUnhealthy = false });
        lenient.Reset(0, observation);
        lenient.SetState(state);
        result = lenient.Step(new double[17], observation);
        Assert.False(result.Terminated);
        Assert.Equal(0.0, lenient.LastStepInfo.HealthyReward);
        Assert.Equal(lenient.LastStepInfo.ForwardReward, result.Reward);
    }

    [Fact]
    public void TheRegistryTruncatesAt1000Steps()
    {
        using var env = (Humanoid)Envs.Make(Humanoid.EnvId, EnvOptions.Parse(["terminate_when_unhealthy=false"]));
        var observation = new double[ObservationSize];
        env.Reset(5, observation);
        var action = new double[17];
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
        using var clamped = new Humanoid();
        using var raw = new Humanoid();
        var first = new double[ObservationSize];
        var second = new double[ObservationSize];
        clamped.Reset(9, first);
        raw.Reset(9, second);
        double[] inside = [.. Enumerable.Range(0, 17).Select(i => i % 2 == 0 ? 0.4 : -0.4)];
        double[] outside = [.. Enumerable.Range(0, 17).Select(i => i % 2 == 0 ? 1.0 : -3.0)];
        StepResult a = clamped.Step(inside, first);
        StepResult b = raw.Step(outside, second);
        Assert.Equal(first, second); // MuJoCo clamps ctrl to ±0.4: identical dynamics, qfrc_actuator included
        Assert.Equal(0.1 * 17 * 0.16, clamped.LastStepInfo.ControlCost, 14);
        Assert.Equal(0.1 * ((9 * 1.0) + (8 * 9.0)), raw.LastStepInfo.ControlCost, 14);
        Assert.Equal(a.Reward - b.Reward, raw.LastStepInfo.ControlCost - clamped.LastStepInfo.ControlCost, 12);
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
        using var env = (Humanoid)Envs.Make(Humanoid.EnvId, EnvOptions.Parse(["forward_reward_weight=2", "ctrl_cost_weight=0.5", "healthy_reward=3", "healthy_z_range_low=0.8", "healthy_z_range_high=2.5", "reset_noise_scale=0"]));
        var expected = new HumanoidSettings { ForwardRewardWeight = 2, CtrlCostWeight = 0.5, HealthyReward = 3, HealthyZRange = (0.8, 2.5), ResetNoiseScale = 0 };
        Assert.Equal(expected, env.Settings);
        var observation = new double[ObservationSize];
        env.Reset(1, observation);
        Assert.Equal(1.4, observation[0]);
        StepResult result = env.Step([0.2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], observation);
        Assert.Equal(0.5 * 0.04, env.LastStepInfo.ControlCost, 15);
        Assert.Equal((2 * env.LastStepInfo.XVelocity) + 3 - env.LastStepInfo.ControlCost, result.Reward);
        Assert.Contains("healthy_z_range", Assert.Throws<ArgumentException>(() => Envs.Make(Humanoid.EnvId, EnvOptions.Parse(["healthy_z_range_high=0.5"]))).Message, StringComparison.Ordinal);
        Assert.Contains("no option 'contact_cost_weight'", Assert.Throws<ArgumentException>(() => Envs.Make(Humanoid.EnvId, EnvOptions.Parse(["contact_cost_weight=1"]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVariedModelChangesThePhysics()
    {
        HumanoidModel varied = HumanoidModel.Default with { RightKnee = HumanoidModel.Default.RightKnee with { Stiffness = 1, Gear = 150 }, ShinRadius = 0.06 };
        using var env = new Humanoid(new HumanoidSettings(), varied);
        Joint(env.Model, "right_knee", MjJointType.Hinge, (Radians(-160), Radians(-2)), 1, 0.006, 1);
        Assert.Equal(150, env.Model.ActuatorGear[6 * 6]);
        Assert.True(env.Model.TotalMass > 42.2);
    }

    /// <summary>Σ m_b xipos_b / Σ m_b over all bodies from the env's current xipos, added in body order.</summary>
    private static (double X, double Y) MassCenter(Humanoid env)
    {
        ReadOnlySpan<double> mass = env.Model.BodyMass;
        ReadOnlySpan<double> xipos = env.Data.Xipos;
        double x = 0;
        double y = 0;
        for (int b = 0; b < mass.Length; b++)
        {
            x += mass[b] * xipos[3 * b];
            y += mass[b] * xipos[(3 * b) + 1];
        }

        // np.sum's pairwise order for 14 masses: 8 partial sums combined as a tree, then the last 6 in order.
        double total = (((mass[0] + mass[1]) + (mass[2] + mass[3])) + ((mass[4] + mass[5]) + (mass[6] + mass[7])));
        for (int b = 8; b < mass.Length; b++)
        {
            total += mass[b];
        }

        return (x / total, y / total);
    }

    /// <summary>Rewards, then every observation, of 150 steps from Reset(seed) under a fixed action sequence.</summary>
    private static double[] Rollout(ulong seed)
    {
        using var env = new Humanoid(new HumanoidSettings { TerminateWhenUnhealthy = false });
        var observation = new double[ObservationSize];
        env.Reset(seed, observation);
        var trace = new List<double>(observation);
        var action = new double[17];
        for (int step = 0; step < 150; step++)
        {
            for (int i = 0; i < action.Length; i++)
            {
                action[i] = 0.4 * Math.Sin((0.1 * step) + i);
            }

            StepResult result = env.Step(action, observation);
            trace.Add(result.Reward);
            trace.AddRange(observation);
        }

        return [.. trace];
    }
}
