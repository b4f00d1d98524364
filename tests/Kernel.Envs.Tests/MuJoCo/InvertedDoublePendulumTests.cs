using Kernel.Envs.MuJoCo;
using Kernel.Envs.MuJoCo.Native;
using Xunit;
using static Kernel.Envs.Tests.MuJoCo.CompiledModelAssert;

namespace Kernel.Envs.Tests.MuJoCo;

public class InvertedDoublePendulumTests
{
    [Fact]
    public void TheCompiledModelHasGymnasiumsFacts()
    {
        using var env = new InvertedDoublePendulum();
        MuJoCoModel model = env.Model;
        Sizes(model, 3, 3, 1, "world", "cart", "pole", "pole2");
        Options(model, 0.01, MjIntegrator.RK4, MjSolver.Newton, 100);
        Assert.Equal([1e-5, 0.0, -9.81], model.Gravity.ToArray());
        JointOrder(model, "slider", "hinge", "hinge2");
        Joint(model, "slider", MjJointType.Slide, (-1, 1), damping: 0.05, armature: 0);
        Joint(model, "hinge", MjJointType.Hinge, null, damping: 0.05, armature: 0);
        Joint(model, "hinge2", MjJointType.Hinge, null, damping: 0.05, armature: 0);
        Motor(model, 0, "slider", 500, (-1, 1));
        Assert.Equal(1, model.SiteCount);
        Assert.Equal("tip", model.Name(MjObjectType.Site, 0));
        TotalMass(model, CapsuleMass(0.1, 0.1) + (2 * CapsuleMass(0.045, 0.3)));
        TotalMass(model, 18.869452675011495); // mj_getTotalmass of Gymnasium's inverted_double_pendulum.xml on libmujoco 2.2.2
        Assert.Equal(0.05, env.Dt);
    }

    [Fact]
    public void TheObservationHoldsXSinesCosinesAndClippedVelocitiesAndConstraintForces()
    {
        using var env = (InvertedDoublePendulum)Envs.Make(InvertedDoublePendulum.EnvId);
        Assert.Equal(11, env.ObservationSpace.Dimension);
        var observation = new double[11];
        env.Reset(5, observation);
        env.SetState([0.98, 0.3, -0.2, 4, 0, 0]); // running into the slider limit at +1
        env.Step([1], observation);
        double[] qpos = env.Data.Qpos.ToArray();
        double[] qvel = env.Data.Qvel.ToArray();
        double[] constraint = env.Data.QfrcConstraint.ToArray();
        Assert.True(Math.Abs(constraint[0]) > 10, $"the slider limit should push back harder than 10, got {constraint[0]}");
        double[] expected =
        [
            qpos[0], Math.Sin(qpos[1]), Math.Sin(qpos[2]), Math.Cos(qpos[1]), Math.Cos(qpos[2]),
            .. qvel.Select(v => Math.Clamp(v, -10, 10)), .. constraint.Select(f => Math.Clamp(f, -10, 10)),
        ];
        Assert.Equal(expected, observation);
    }

    [Fact]
    public void TheRewardReadsTheStaleTipPositionThatMjStepLeft()
    {
        using var env = new InvertedDoublePendulum();
        var observation = new double[11];
        env.Reset(8, observation);
        env.SetState([0.1, 0.2, -0.3, 0.5, 1.5, -2]);
        StepResult result = env.Step([0.4], observation);
        double[] staleTip = env.Data.SiteXpos.ToArray();
        double[] qvel = env.Data.Qvel.ToArray();
        double Reward(double x, double z) => 10 - ((0.01 * Math.Pow(x, 2)) + Math.Pow(z - 2, 2)) - ((1e-3 * Math.Pow(qvel[1], 2)) + (5e-3 * Math.Pow(qvel[2], 2)));
        Assert.Equal(Reward(staleTip[0], staleTip[2]), result.Reward);
        Assert.Equal((staleTip[0], staleTip[2]), (env.LastStepInfo.TipX, env.LastStepInfo.TipZ));

        // Recomputing the kinematics for the new qpos moves the tip: v4's reward uses the old one.
        env.Data.Kinematics();
        double[] freshTip = env.Data.SiteXpos.ToArray();
        Assert.NotEqual(staleTip[0], freshTip[0]);
        Assert.NotEqual(Reward(freshTip[0], freshTip[2]), result.Reward);
    }

    [Fact]
    public void TheTipHeightBoundIsInclusive()
    {
        double[] start = [0, 1.2, 0.3, 0, 0, 0]; // falling poles: the tip sinks well below 1 within one step
        double z = TipAfterOneStep(new InvertedDoublePendulumSettings(), start, out StepResult first);
        Assert.True(z <= 1);
        Assert.True(first.Terminated);

        // A bound equal to the reached z_tip terminates (<=); one ulp below it does not.
        TipAfterOneStep(new InvertedDoublePendulumSettings { MinTipHeight = z }, start, out StepResult atBound);
        Assert.True(atBound.Terminated);
        TipAfterOneStep(new InvertedDoublePendulumSettings { MinTipHeight = Math.BitDecrement(z) }, start, out StepResult below);
        Assert.False(below.Terminated);
    }

    [Fact]
    public void ResetAddsUniformNoiseToQposThenNormalNoiseToQvel()
    {
        using var env = new InvertedDoublePendulum();
        var observation = new double[11];
        env.Reset(21, observation);
        var state = new double[6];
        env.GetState(state);
        var random = new KernelRandom(21);
        double[] expected = [random.Uniform(-0.1, 0.1), random.Uniform(-0.1, 0.1), random.Uniform(-0.1, 0.1), 0.1 * random.Normal(), 0.1 * random.Normal(), 0.1 * random.Normal()];
        Assert.Equal(expected, state);
    }

    [Fact]
    public void TheRegistryTruncatesAt1000Steps()
    {
        using var env = (MuJoCoEnv)Envs.Make(InvertedDoublePendulum.EnvId, EnvOptions.Parse(["min_tip_height=-10"]));
        var observation = new double[11];
        env.Reset(2, observation);
        for (int step = 1; step <= 1000; step++)
        {
            StepResult result = env.Step([0.3 * Math.Sin(step * 0.05)], observation);
            Assert.False(result.Terminated);
            Assert.Equal(step == 1000, result.Truncated);
        }
    }

    private static double TipAfterOneStep(InvertedDoublePendulumSettings settings, double[] state, out StepResult result)
    {
        using var env = new InvertedDoublePendulum(settings);
        var observation = new double[11];
        env.Reset(0, observation);
        env.SetState(state);
        result = env.Step([0], observation);
        return env.LastStepInfo.TipZ;
    }
}
