using Kernel.Envs.MuJoCo;
using Kernel.Envs.MuJoCo.Native;
using Xunit;
using static Kernel.Envs.Tests.MuJoCo.CompiledModelAssert;

namespace Kernel.Envs.Tests.MuJoCo;

public class InvertedPendulumTests
{
    [Fact]
    public void TheCompiledModelHasGymnasiumsFacts()
    {
        using var env = new InvertedPendulum();
        MuJoCoModel model = env.Model;
        Sizes(model, 2, 2, 1, "world", "cart", "pole");
        Options(model, 0.02, MjIntegrator.RK4, MjSolver.Newton, 100);
        Assert.Equal([0.0, 0.0, -9.81], model.Gravity.ToArray());
        JointOrder(model, "slider", "hinge");
        Joint(model, "slider", MjJointType.Slide, (-1, 1), damping: 1, armature: 0);
        Joint(model, "hinge", MjJointType.Hinge, (Radians(-90), Radians(90)), damping: 1, armature: 0);
        Motor(model, 0, "slider", 100, (-3, 3));
        double poleLength = Math.Sqrt((0.001 * 0.001) + (0.6 * 0.6));
        TotalMass(model, CapsuleMass(0.1, 0.1) + CapsuleMass(0.049, poleLength / 2));
        TotalMass(model, 15.490567153329286); // mj_getTotalmass of Gymnasium's inverted_pendulum.xml on libmujoco 2.2.2
        Assert.Equal(0.04, env.Dt);
    }

    [Fact]
    public void ObservationsAreQposThenQvelAndEveryStepPaysOne()
    {
        using var env = (InvertedPendulum)Envs.Make(InvertedPendulum.EnvId);
        Assert.Equal(4, env.ObservationSpace.Dimension);
        Assert.Equal([-3.0], ((BoxSpace)env.ActionSpace).Low.ToArray());
        Assert.Equal([3.0], ((BoxSpace)env.ActionSpace).High.ToArray());
        var observation = new double[4];
        env.Reset(3, observation);
        StepResult result = env.Step([0.7], observation);
        var state = new double[4];
        env.GetState(state);
        Assert.Equal(state, observation);
        Assert.Equal(1.0, result.Reward);
        Assert.Equal(0, env.Data.ContactCount); // contype 0: nothing collides
    }

    [Fact]
    public void VelocitiesAreNotClipped()
    {
        using var env = new InvertedPendulum(new InvertedPendulumSettings { AngleLimit = 10 });
        var observation = new double[4];
        env.Reset(0, observation);
        env.SetState([0, 0, 0, 30]);
        env.Step([0], observation);
        Assert.True(observation[3] > 10, $"the pole's angular velocity {observation[3]} should pass through unclipped");
        Assert.Equal(env.Data.Qvel[1], observation[3]);
    }

    [Fact]
    public void ResetAddsUniformNoiseOfAHundredthToQposThenQvel()
    {
        using var env = new InvertedPendulum();
        var observation = new double[4];
        env.Reset(11, observation);
        var random = new KernelRandom(11);
        double[] expected = [.. Enumerable.Range(0, 4).Select(_ => random.Uniform(-0.01, 0.01))];
        Assert.Equal(expected, observation);
    }

    [Fact]
    public void TheAngleBoundIsStrictAndTheTerminatingStepPaysOne()
    {
        double[] start = [0, 0.19, 0, 0.5];
        double angle = AngleAfterOneStep(new InvertedPendulumSettings(), start, out StepResult first);
        Assert.True(Math.Abs(angle) > 0.2);
        Assert.True(first.Terminated);
        Assert.Equal(1.0, first.Reward);

        // A limit equal to the reached |angle| does not terminate (strict >); one ulp below it does.
        AngleAfterOneStep(new InvertedPendulumSettings { AngleLimit = Math.Abs(angle) }, start, out StepResult atLimit);
        Assert.False(atLimit.Terminated);
        AngleAfterOneStep(new InvertedPendulumSettings { AngleLimit = Math.BitDecrement(Math.Abs(angle)) }, start, out StepResult beyond);
        Assert.True(beyond.Terminated);
    }

    [Fact]
    public void TheRegistryTruncatesAt1000Steps()
    {
        using var env = (MuJoCoEnv)Envs.Make(InvertedPendulum.EnvId, EnvOptions.Parse(["angle_limit=10"]));
        var observation = new double[4];
        env.Reset(2, observation);
        for (int step = 1; step <= 1000; step++)
        {
            StepResult result = env.Step([Math.Sin(step * 0.01)], observation);
            Assert.False(result.Terminated);
            Assert.Equal(step == 1000, result.Truncated);
        }
    }

    [Fact]
    public void TheCartForceIsClampedToThreeByMuJoCo()
    {
        using var inside = new InvertedPendulum();
        using var outside = new InvertedPendulum();
        var a = new double[4];
        var b = new double[4];
        inside.Reset(4, a);
        outside.Reset(4, b);
        inside.Step([3], a);
        outside.Step([50], b);
        Assert.Equal(a, b);
    }

    private static double AngleAfterOneStep(InvertedPendulumSettings settings, double[] state, out StepResult result)
    {
        using var env = new InvertedPendulum(settings);
        var observation = new double[4];
        env.Reset(0, observation);
        env.SetState(state);
        result = env.Step([0], observation);
        return observation[1];
    }
}
