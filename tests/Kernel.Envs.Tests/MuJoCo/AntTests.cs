using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Envs.MuJoCo;
using Kernel.Envs.MuJoCo.Native;
using Xunit;
using static Kernel.Envs.Tests.MuJoCo.CompiledModelAssert;

namespace Kernel.Envs.Tests.MuJoCo;

/// <summary>
/// Ant-v4: the compiled model against mujoco-v4.md, the observation with and without contact forces, reward terms,
/// the inclusive health bounds, truncation, determinism and the v4 pitfalls (action order, ankles outside their
/// limits, stale torso xpos, the noised first quaternion, raw action cost).
/// </summary>
public class AntTests
{
    private const int ObservationSize = 27;
    private const int StateSize = 29;

    [Fact]
    public void TheCompiledModelHasGymnasiumsFacts()
    {
        using var env = new Ant();
        MuJoCoModel model = env.Model;
        Sizes(model, 15, 14, 8, "world", "torso", "front_left_leg", "aux_1", null!, "front_right_leg", "aux_2", null!, "back_leg", "aux_3", null!, "right_back_leg", "aux_4", null!);
        Options(model, 0.01, MjIntegrator.RK4, MjSolver.Newton, 100);
        JointOrder(model, "root", "hip_1", "ankle_1", "hip_2", "ankle_2", "hip_3", "ankle_3", "hip_4", "ankle_4");
        Joint(model, "root", MjJointType.Free, null, 0, 0);
        for (int leg = 1; leg <= 4; leg++)
        {
            Joint(model, $"hip_{leg}", MjJointType.Hinge, (Radians(-30), Radians(30)), 1, 1);
        }

        Joint(model, "ankle_1", MjJointType.Hinge, (Radians(30), Radians(70)), 1, 1);
        Joint(model, "ankle_2", MjJointType.Hinge, (Radians(-70), Radians(-30)), 1, 1);
        Joint(model, "ankle_3", MjJointType.Hinge, (Radians(-70), Radians(-30)), 1, 1);
        Joint(model, "ankle_4", MjJointType.Hinge, (Radians(30), Radians(70)), 1, 1);

        // Actuator order is hip_4, ankle_4, hip_1, ankle_1, hip_2, ankle_2, hip_3, ankle_3: not the joint order.
        string[] driven = ["hip_4", "ankle_4", "hip_1", "ankle_1", "hip_2", "ankle_2", "hip_3", "ankle_3"];
        for (int i = 0; i < driven.Length; i++)
        {
            Motor(model, i, driven[i], 150, (-1, 1));
        }

        Friction(model, "torso_geom", 1);
        Friction(model, "fourth_ankle_geom", 1);

        // qpos0: torso at 0.75 with the identity quaternion and every hinge at 0; the asset's custom init_qpos
        // (z 0.55, ankles ±1) is not used.
        Assert.Equal([0.0, 0, 0.75, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], model.Qpos0.ToArray());

        // Density 5: the torso sphere and per leg two segments of horizontal extent (0.2, 0.2) and one of (0.4, 0.4).
        double halfShort = Math.Sqrt(0.08) / 2; // |(0.2, 0.2, 0)| / 2
        double halfLong = Math.Sqrt(0.32) / 2;
        double sphere = 5 * (4.0 / 3.0) * Math.PI * Math.Pow(0.25, 3);
        double mass = sphere + (4 * ((2 * CapsuleMass(0.08, halfShort, 5)) + CapsuleMass(0.08, halfLong, 5)));
        TotalMass(model, mass);
        TotalMass(model, 0.91088008270739151); // mj_getTotalmass of Gymnasium's ant.xml compiled by libmujoco 2.2.2
        Assert.Equal(0.05, env.Dt);
        Assert.Equal(5, env.FrameSkip);
    }

    [Fact]
    public void EveryAnkleStartsOutsideItsRange()
    {
        using var env = new Ant();
        MuJoCoModel model = env.Model;
        for (int leg = 1; leg <= 4; leg++)
        {
            int joint = model.RequireId(MjObjectType.Joint, $"ankle_{leg}");
            double start = model.Qpos0[model.JointQposAddress[joint]];
            Assert.Equal(0, start);
            Assert.False(model.JointRange[2 * joint] <= start && start <= model.JointRange[(2 * joint) + 1], $"ankle_{leg} starts inside its range");
        }
    }

    [Fact]
    public void TheAnkleLimitsActFromTheFirstStep()
    {
        // From qpos0 at rest the ant falls freely (nothing touches the floor during the first step), so without the
        // violated limits no hinge would move. The limits push each ankle toward its range: up for ankles 1 and 4,
        // down for 2 and 3; the hips stay put.
        double[] limited = FirstStepHingeVelocities(AntModel.Default);
        Assert.True(limited[1] > 0.1 && limited[7] > 0.1, $"ankles 1 and 4 should turn positive: {limited[1]}, {limited[7]}");
        Assert.True(limited[3] < -0.1 && limited[5] < -0.1, $"ankles 2 and 3 should turn negative: {limited[3]}, {limited[5]}");
        foreach (int hip in new[] { 0, 2, 4, 6 })
        {
            Assert.True(Math.Abs(limited[hip]) < 1e-6, $"hip velocity {limited[hip]}");
        }

        AntModel wideAnkles = AntModel.Default with { Legs = [.. AntModel.Default.Legs.Select(leg => leg with { AnkleRange = (-70, 70) })] };
        double[] free = FirstStepHingeVelocities(wideAnkles);
        Assert.All(free, v => Assert.True(Math.Abs(v) < 1e-6, $"without violated limits the hinges stay put in free fall: {v}"));
    }

    [Fact]
    public void ActionIndexIsMotorOrderNotQposOrder()
    {
        using var env = new Ant(new AntSettings { ResetNoiseScale = 0 });
        MuJoCoModel model = env.Model;
        var baseline = StepOnce(env, new double[8]);
        for (int motor = 0; motor < 8; motor++)
        {
            string joint = model.Name(MjObjectType.Joint, model.ActuatorTransmissionId[2 * motor])!;
            var action = new double[8];
            action[motor] = joint is "ankle_2" or "ankle_3" ? -1 : 1; // toward the range (negative for ankles 2 and 3)
            double[] moved = StepOnce(env, action);
            int strongest = Enumerable.Range(6, 8).MaxBy(dof => Math.Abs(moved[15 + dof] - baseline[15 + dof]));
            Assert.Equal(model.JointDofAddress[model.RequireId(MjObjectType.Joint, joint)], strongest);
        }

        // Action 0 drives hip_4, which is qpos[13] (the last leg's hip), not qpos[7].
        Assert.Equal(13, model.JointQposAddress[model.ActuatorTransmissionId[0]]);
    }

    [Fact]
    public void SpacesFollowGymnasium()
    {
        using var env = (Ant)Envs.Make(Ant.EnvId);
        Assert.Equal(ObservationSize, env.ObservationSpace.Dimension);
        Assert.Equal(StateSize, env.StateSize);
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal(Enumerable.Repeat(-1.0, 8), actions.Low.ToArray());
        Assert.Equal(Enumerable.Repeat(1.0, 8), actions.High.ToArray());
        Assert.Equal(1000, env.MaxEpisodeSteps);
        using var withXy = (Ant)Envs.Make(Ant.EnvId, EnvOptions.Parse(["exclude_current_positions_from_observation=false"]));
        Assert.Equal(29, withXy.ObservationSpace.Dimension);
        using var contacts = (Ant)Envs.Make(Ant.EnvId, EnvOptions.Parse(["use_contact_forces=true"]));
        Assert.Equal(111, contacts.ObservationSpace.Dimension);
        using var both = (Ant)Envs.Make(Ant.EnvId, EnvOptions.Parse(["use_contact_forces=true", "exclude_current_positions_from_observation=false"]));
        Assert.Equal(113, both.ObservationSpace.Dimension);
    }

    [Fact]
    public void ResetNoisesEveryQposIncludingTheQuaternionWhichMjForwardThenNormalises()
    {
        using var env = new Ant();
        var observation = new double[ObservationSize];
        env.Reset(42, observation);
        var state = new double[StateSize];
        env.GetState(state);
        var random = new KernelRandom(42);
        double[] noised = [.. env.Model.Qpos0.ToArray().Select(q => q + random.Uniform(-0.1, 0.1))];
        for (int i = 0; i < 15; i++)
        {
            if (i is < 3 or > 6)
            {
                Assert.Equal(noised[i], state[i]);
            }
        }

        for (int i = 0; i < 14; i++)
        {
            Assert.Equal(0 + (0.1 * random.Normal()), state[15 + i]);
        }

        // Gymnasium adds the noise to the quaternion too. libmujoco 2.2.2's mj_kinematics (run by set_state's
        // mj_forward) normalises qpos quaternions in place, so the first observation carries the unit quaternion
        // along the noised one (mujoco-v4.md section 6.6 expects it unnormalised; that does not hold on 2.2.2).
        double norm = Math.Sqrt(noised[3..7].Sum(q => q * q));
        Assert.True(Math.Abs(norm - 1) > 1e-3, $"the noised quaternion's norm {norm} should differ from 1");
        for (int i = 3; i < 7; i++)
        {
            Assert.Equal(noised[i] / norm, state[i], 1e-15);
        }

        Assert.Equal(1, Math.Sqrt(observation[1..5].Sum(q => q * q)), 1e-15);
        Assert.Equal(state[2..15], observation[..13]);
        Assert.Equal(state[15..], observation[13..]);
    }

    [Fact]
    public void TheForwardVelocityUsesTheTorsoXposThatMjStepLeavesStale()
    {
        using var env = new Ant();
        int torso = env.Model.RequireId(MjObjectType.Body, "torso");
        var observation = new double[ObservationSize];
        env.Reset(3, observation);
        double xBefore = env.Data.Xpos[3 * torso];
        Assert.Equal(env.Data.Qpos[0], xBefore); // after reset mj_forward made xpos match qpos
        double[] action = [0.5, -0.5, 0.5, 0.8, -0.5, -0.8, 0.5, -0.8];
        env.Step(action, observation);

        double[] stale = env.Data.Xpos.Slice(3 * torso, 3).ToArray();
        Assert.Equal(stale[0], env.LastStepInfo.XPosition);
        Assert.Equal(stale[1], env.LastStepInfo.YPosition);
        Assert.Equal((stale[0] - xBefore) / 0.05, env.LastStepInfo.XVelocity);
        Assert.NotEqual(env.Data.Qpos[0], stale[0]);
        Assert.NotEqual(env.Data.Qpos[2], stale[2]);

        // The same state with kinematics recomputed puts the free-joint torso exactly at qpos[0:3].
        var state = new double[StateSize];
        env.GetState(state);
        using var fresh = new Ant();
        fresh.Reset(3, new double[ObservationSize]);
        fresh.SetState(state);
        Assert.Equal(state[..3], fresh.Data.Xpos.Slice(3 * torso, 3).ToArray());

        // RK4 leaves xpos at the last Runge-Kutta stage: between the heights before and after the last mj_step.
        using var manual = new Ant();
        manual.Reset(3, new double[ObservationSize]);
        action.CopyTo(manual.Data.Ctrl);
        for (int i = 0; i < 4; i++)
        {
            manual.Data.Step();
        }

        double zBeforeLast = manual.Data.Qpos[2];
        manual.Data.Step();
        double zAfterLast = manual.Data.Qpos[2];
        Assert.Equal(zAfterLast, env.Data.Qpos[2]);
        Assert.True(Math.Min(zBeforeLast, zAfterLast) < stale[2] && stale[2] < Math.Max(zBeforeLast, zAfterLast), $"stale z {stale[2]} not between {zBeforeLast} and {zAfterLast}");
    }

    [Fact]
    public void AScriptedStepDecomposesIntoForwardHealthyAndRawControlTerms()
    {
        using var env = new Ant();
        var observation = new double[ObservationSize];
        env.Reset(7, observation);
        double[] a = [0.3, -0.7, 1.5, 0.2, -2.0, 0.1, 0.6, -0.4]; // two entries outside [-1, 1]: the cost still uses them
        StepResult result = env.Step(a, observation);
        var after = new double[StateSize];
        env.GetState(after);

        // Eight terms: NumPy's pairwise sum, ((a0² + a1²) + (a2² + a3²)) + ((a4² + a5²) + (a6² + a7²)).
        double squares = (((a[0] * a[0]) + (a[1] * a[1])) + ((a[2] * a[2]) + (a[3] * a[3]))) + (((a[4] * a[4]) + (a[5] * a[5])) + ((a[6] * a[6]) + (a[7] * a[7])));
        double controlCost = 0.5 * squares;
        AntStepInfo info = env.LastStepInfo;
        Assert.Equal(controlCost, info.ControlCost);
        Assert.Equal(0, info.ContactCost);
        Assert.Equal(1.0, info.HealthyReward);
        Assert.True(info.IsHealthy);
        Assert.Equal(info.XVelocity, info.ForwardReward);
        Assert.Equal((info.XVelocity + 1.0) - controlCost, result.Reward);
        Assert.Equal(-controlCost, info.ReportedControlReward(useContactForces: false));
        Assert.Equal(Math.Sqrt((info.XPosition * info.XPosition) + (info.YPosition * info.YPosition)), info.DistanceFromOrigin);
        Assert.False(result.Terminated);
        Assert.Equal(after[2..15], observation[..13]);
        Assert.Equal(after[15..], observation[13..]); // not clipped
        Assert.Equal(a, env.Data.Ctrl.ToArray());
    }

    [Fact]
    public void ContactForcesAreClippedIntoTheObservationAndCharged()
    {
        using var env = new Ant(new AntSettings { UseContactForces = true });
        var observation = new double[111];
        env.Reset(4, observation);
        var zero = new double[8];
        bool clipped = false;
        for (int step = 0; step < 30; step++)
        {
            StepResult result = env.Step(zero, observation);
            double[] raw = env.Data.CfrcExt.ToArray();
            Assert.Equal(84, raw.Length);
            double[] expected = [.. raw.Select(f => Math.Clamp(f, -1, 1))];
            Assert.Equal(expected, observation[27..]);
            Assert.All(observation[27..33], f => Assert.Equal(0, f)); // the world body's row
            clipped |= raw.Any(f => Math.Abs(f) > 1);

            AntStepInfo info = env.LastStepInfo;
            double contactCost = 5e-4 * expected.Sum(f => f * f);
            Assert.Equal(contactCost, info.ContactCost, 1e-15);
            Assert.Equal((info.XVelocity + info.HealthyReward) - (info.ControlCost + info.ContactCost), result.Reward);
            Assert.Equal(-info.ContactCost, info.ReportedControlReward(useContactForces: true)); // v4 overwrites info["reward_ctrl"]
        }

        Assert.True(clipped, "the landing should produce contact forces beyond ±1");
        Assert.True(env.LastStepInfo.ContactCost > 0);

        using var wide = new Ant(new AntSettings { UseContactForces = true, ContactForceRange = (-1000, 1000) });
        wide.Reset(4, observation);
        for (int step = 0; step < 30; step++)
        {
            wide.Step(zero, observation);
        }

        Assert.Equal(wide.Data.CfrcExt.ToArray(), observation[27..]);
    }

    [Theory]
    [InlineData(0.2, true)]                     // 0.2 <= z <= 1.0, inclusive (the only inclusive bound in v4)
    [InlineData(1.0, true)]
    [InlineData(0.19999999999, false)]
    [InlineData(1.00000000001, false)]
    [InlineData(0.55, true)]
    public void HealthUsesAnInclusiveHeightInterval(double z, bool healthy)
    {
        using var env = new Ant();
        env.Reset(0, new double[ObservationSize]);
        var state = new double[StateSize];
        state[2] = z;
        state[3] = 1;
        env.SetState(state);
        Assert.Equal(healthy, env.IsHealthy);
    }

    [Property(MaxTest = 60, Replay = "(17,19)")]
    public Property HealthIsTheClosedHeightInterval()
        => Prop.ForAll(
            Gen.Choose(0, 1500).Select(z => z / 1000.0).ToArbitrary(),
            static z =>
            {
                using var env = new Ant();
                env.Reset(0, new double[ObservationSize]);
                env.SetState(Standing(z));
                return env.IsHealthy == (z >= 0.2 && z <= 1.0);
            });

    [Fact]
    public void ANonFiniteStateIsUnhealthy()
    {
        using var env = new Ant();
        env.Reset(0, new double[ObservationSize]);
        Assert.True(env.IsHealthy);
        env.Data.Qpos[0] = double.NaN; // x is not observed but is in state_vector()
        Assert.False(env.IsHealthy);
        env.Reset(0, new double[ObservationSize]);
        env.Data.Qvel[13] = double.PositiveInfinity;
        Assert.False(env.IsHealthy);
    }

    [Fact]
    public void EachBoundTerminatesAStepThatStillPaysTheHealthyReward()
    {
        // Above the upper bound: dropped from 1.5 m, the torso is still above 1.0 after one step.
        using var high = new Ant();
        AssertTerminates(high, 1.5);

        // Below the lower bound: the torso sphere (radius 0.25) cannot sink below 0.2 without deep penetration, so
        // raise the bound to 0.8 and start at 0.75.
        using var low = (Ant)Envs.Make(Ant.EnvId, EnvOptions.Parse(["healthy_z_range_low=0.8"]));
        AssertTerminates(low, 0.75);

        using var lenient = new Ant(new AntSettings { TerminateWhenUnhealthy = false });
        var observation = new double[ObservationSize];
        lenient.Reset(0, observation);
        lenient.SetState(Standing(1.5));
        StepResult result = lenient.Step(new double[8], observation);
        Assert.False(result.Terminated);
        Assert.Equal(0.0, lenient.LastStepInfo.HealthyReward);
        Assert.Equal(lenient.LastStepInfo.XVelocity, result.Reward);
    }

    [Fact]
    public void TheRegistryTruncatesAt1000Steps()
    {
        using var env = (Ant)Envs.Make(Ant.EnvId, EnvOptions.Parse(["terminate_when_unhealthy=false"]));
        var observation = new double[ObservationSize];
        env.Reset(5, observation);
        var action = new double[8];
        for (int step = 1; step <= 1000; step++)
        {
            for (int i = 0; i < action.Length; i++)
            {
                action[i] = 0.5 * Math.Sin((0.2 * step) + i);
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
        using var clamped = new Ant();
        using var raw = new Ant();
        var first = new double[ObservationSize];
        var second = new double[ObservationSize];
        clamped.Reset(9, first);
        raw.Reset(9, second);
        StepResult inside = clamped.Step([1, -1, 0.5, 1, -1, 0, 1, 1], first);
        StepResult outside = raw.Step([3, -7, 0.5, 1.5, -1, 0, 2, 1], second);
        Assert.Equal(first, second);
        Assert.Equal(0.5 * 6.25, clamped.LastStepInfo.ControlCost);
        Assert.Equal(0.5 * 66.5, raw.LastStepInfo.ControlCost);
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
        using var env = (Ant)Envs.Make(Ant.EnvId, EnvOptions.Parse(["ctrl_cost_weight=0.25", "use_contact_forces=true", "contact_cost_weight=0.01", "healthy_reward=3", "healthy_z_range_high=1.2", "contact_force_range_low=-2", "contact_force_range_high=2", "reset_noise_scale=0"]));
        var expected = new AntSettings
        {
            CtrlCostWeight = 0.25,
            UseContactForces = true,
            ContactCostWeight = 0.01,
            HealthyReward = 3,
            HealthyZRange = (0.2, 1.2),
            ContactForceRange = (-2, 2),
            ResetNoiseScale = 0,
        };
        Assert.Equal(expected, env.Settings);
        var observation = new double[111];
        env.Reset(1, observation);
        StepResult result = env.Step([0.5, 0, 0, 0, 0, 0, 0, 0], observation);
        AntStepInfo info = env.LastStepInfo;
        Assert.Equal(0.25 * 0.25, info.ControlCost);
        Assert.Equal((info.XVelocity + 3) - (info.ControlCost + info.ContactCost), result.Reward);
        Assert.Contains("contact_force_range", Assert.Throws<ArgumentException>(() => Envs.Make(Ant.EnvId, EnvOptions.Parse(["contact_force_range_low=5"]))).Message, StringComparison.Ordinal);
        Assert.Contains("no option 'forward_reward_weight'", Assert.Throws<ArgumentException>(() => Envs.Make(Ant.EnvId, EnvOptions.Parse(["forward_reward_weight=2"]))).Message, StringComparison.Ordinal);
    }

    /// <summary>qpos = (0, 0, z, identity quaternion, hinges 0), qvel = 0.</summary>
    private static double[] Standing(double z)
    {
        var state = new double[StateSize];
        state[2] = z;
        state[3] = 1;
        return state;
    }

    private static void AssertTerminates(Ant env, double z)
    {
        var observation = new double[ObservationSize];
        env.Reset(0, observation);
        env.SetState(Standing(z));
        StepResult result = env.Step(new double[8], observation);
        Assert.True(result.Terminated, $"z = {z} should terminate");
        Assert.False(env.LastStepInfo.IsHealthy);
        Assert.Equal(env.Settings.HealthyReward, env.LastStepInfo.HealthyReward);
        Assert.Equal((env.LastStepInfo.XVelocity + env.Settings.HealthyReward) - env.LastStepInfo.ControlCost, result.Reward);
    }

    /// <summary>The 8 hinge velocities after one zero-action step from qpos0 at rest.</summary>
    private static double[] FirstStepHingeVelocities(AntModel model)
    {
        using var env = new Ant(new AntSettings { ResetNoiseScale = 0 }, model);
        env.Reset(0, new double[ObservationSize]);
        env.Step(new double[8], new double[ObservationSize]);
        return env.Data.Qvel[6..].ToArray();
    }

    /// <summary>The state after one step with <paramref name="action"/> from a noiseless reset.</summary>
    private static double[] StepOnce(Ant env, double[] action)
    {
        env.Reset(0, new double[ObservationSize]);
        env.Step(action, new double[ObservationSize]);
        var state = new double[StateSize];
        env.GetState(state);
        return state;
    }

    /// <summary>Rewards, then every observation, of 200 steps from Reset(seed) under a fixed action sequence.</summary>
    private static double[] Rollout(ulong seed)
    {
        using var env = new Ant(new AntSettings { TerminateWhenUnhealthy = false, UseContactForces = true });
        var observation = new double[111];
        env.Reset(seed, observation);
        var trace = new List<double>(observation);
        var action = new double[8];
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
