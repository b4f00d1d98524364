using Kernel.Envs.Control;
using Xunit;
using static Kernel.Envs.Tests.Control.ControlTestHelpers;

namespace Kernel.Envs.Tests.Control;

public class PlanarQuadrotorTests
{
    [Fact]
    public void DefaultsAreThePapersConstants()
    {
        var env = new PlanarQuadrotor();
        Assert.Equal("PlanarQuadrotor-v0", env.Id);
        Assert.Equal(1.0, env.Mass);
        Assert.Equal(0.1, env.Inertia);
        Assert.Equal(0.5, env.ArmLength);
        Assert.Equal(9.81, env.G);
        Assert.Equal(0.1, env.Dt);
        Assert.Equal(0.0, env.ControlMin);
        Assert.Equal(10.0, env.ControlMax);
        Assert.Equal(0.1, env.InitRange);
        Assert.Equal(IntegratorKind.Euler, env.IntegratorKind);
        Assert.Equal(1000, PlanarQuadrotor.Horizon);
        Assert.Equal(6, env.StateSize);
        Assert.Equal(6, env.ObservationSpace.Dimension);
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal([0.0, 0.0], actions.Low.ToArray());
        Assert.Equal([10.0, 10.0], actions.High.ToArray());
        Assert.Equal(
            new[,] { { -2.2361, -3.3404, 2.2361, 2.69, 13.5092, 2.7752 }, { 2.2361, 3.3404, 2.2361, 2.69, -13.5092, -2.7752 } },
            PlanarQuadrotor.K0);
        Assert.Equal([4.905, 4.905], PlanarQuadrotor.B0);
        LinearController lqr = PlanarQuadrotor.LqrController();
        Assert.Equal(-1.0, lqr.FeedbackSign);
        Assert.Equal(PlanarQuadrotor.K0, lqr.Gain);
        Assert.Equal(PlanarQuadrotor.B0, lqr.Bias);
    }

    [Fact]
    public void OptionsOverrideConstantsAndUnknownOrBadOptionsAreRejected()
    {
        var env = new PlanarQuadrotor(Options("m=2", "I=0.2", "r=0.25", "g=3.7", "dt=0.02", "integrator=RK4", "u_min=-1", "u_max=20", "init_range=0"));
        Assert.Equal(2.0, env.Mass);
        Assert.Equal(0.2, env.Inertia);
        Assert.Equal(0.25, env.ArmLength);
        Assert.Equal(3.7, env.G);
        Assert.Equal(0.02, env.Dt);
        Assert.Equal(IntegratorKind.RungeKutta4, env.IntegratorKind);
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal(-1.0, actions.Low[0]);
        Assert.Equal(20.0, actions.High[1]);
        var obs = new double[6];
        env.Reset(1, obs);
        Assert.Equal(new double[6], obs);

        ArgumentException unknown = Assert.Throws<ArgumentException>(() => new PlanarQuadrotor(Options("mass=1")));
        Assert.Contains("PlanarQuadrotor-v0", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'mass'", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PlanarQuadrotor(Options("u_min=5", "u_max=5")));
        Assert.Throws<ArgumentException>(() => new PlanarQuadrotor(Options("I=0")));
    }

    [Fact]
    public void ResetDrawsEachCoordinateInPlusMinusInitRangeReproducibly()
    {
        var env = new PlanarQuadrotor();
        var obs = new double[6];
        var other = new double[6];
        env.Reset(11, obs);
        new PlanarQuadrotor().Reset(11, other);
        Assert.Equal(obs, other);
        foreach (double x in obs)
        {
            Assert.InRange(x, -0.1, 0.1);
        }

        env.Reset(12, other);
        Assert.NotEqual(obs, other);
    }

    [Fact]
    public void FirstEulerStepMatchesTheEquationsByHand()
    {
        double[] s = [0.1, 0.2, -0.1, 0.3, 0.05, -0.4];
        double[] u = [3.0, 6.0];
        var env = new PlanarQuadrotor();
        env.SetState(s);
        var obs = new double[6];
        StepResult result = env.Step(u, obs);

        Assert.Equal(0.1 + (0.1 * 0.2), obs[0], 15);
        Assert.Equal(0.2 + (0.1 * (-9.0 * Math.Sin(0.05))), obs[1], 15);
        Assert.Equal(-0.1 + (0.1 * 0.3), obs[2], 15);
        Assert.Equal(0.3 + (0.1 * ((9.0 * Math.Cos(0.05)) - 9.81)), obs[3], 15);
        Assert.Equal(0.05 + (0.1 * -0.4), obs[4], 15);
        Assert.Equal(-0.4 + (0.1 * 5.0 * (3.0 - 6.0)), obs[5], 15);
        double cost = 0.01 + 0.01 + 0.0025 + (0.1 * (0.04 + 0.09 + 0.16)) + (0.0001 * (9 + 36));
        Assert.Equal(-cost, result.Reward, 15);
    }

    [Fact]
    public void EulerAndRk4AreSelectableAndDiffer()
    {
        double[] s = [0.1, 0.2, -0.1, 0.3, 0.05, -0.4];
        double[] u = [3.0, 6.0];
        var euler = new PlanarQuadrotor();
        var rk4 = new PlanarQuadrotor(Options("integrator=rk4"));
        var a = new double[6];
        var b = new double[6];
        euler.SetState(s);
        rk4.SetState(s);
        StepResult ra = euler.Step(u, a);
        StepResult rb = rk4.Step(u, b);
        Assert.Equal(ra.Reward, rb.Reward);
        Assert.NotEqual(a, b);

        // theta and w are exact under RK4 (w' is constant): theta = theta0 + w0 dt + w' dt^2 / 2.
        Assert.Equal(0.05 + (-0.4 * 0.1) + (0.5 * -15.0 * 0.01), b[4], 14);
        Assert.Equal(-0.4 - 1.5, b[5], 14);
    }

    [Theory]
    [InlineData("euler")]
    [InlineData("rk4")]
    public void TheLqrControllerKeepsTheQuadrotorBoundedForTheHorizon(string integrator)
    {
        // At dt = 0.1 with a zero-order hold the continuous-time LQR gain chatters: the thrusts settle into a
        // bang-bang period-2 cycle (w about +-2.5) while x, y, theta stay small. Bounded, not convergent.
        var env = new PlanarQuadrotor(Options($"integrator={integrator}")) { MaxEpisodeSteps = PlanarQuadrotor.Horizon };
        LinearController lqr = PlanarQuadrotor.LqrController();
        var obs = new double[6];
        var u = new double[2];
        env.Reset(null, obs);
        env.SetState([0.1, 0, 0.1, 0, 0.05, 0]);
        env.GetState(obs);
        StepResult result = default;
        for (int t = 1; t <= 1000; t++)
        {
            lqr.Act(obs, u);
            result = env.Step(u, obs);
            Assert.True(Math.Abs(obs[0]) < 1 && Math.Abs(obs[2]) < 1.5 && Math.Abs(obs[4]) < 0.5, $"step {t}: [{string.Join(", ", obs)}]");
            Assert.True(Norm(obs) < 4, $"step {t}: norm {Norm(obs)}");
        }

        Assert.True(result.Truncated);
        Assert.False(result.Terminated);
    }

    [Fact]
    public void ActionsBeyondTheBoundsActAsTheSaturatedAction()
    {
        double[] start = [0.1, -0.2, 0.3, 0.4, 0.2, -1.0];
        (double Reward, double[] Next) Run(double[] action)
        {
            var env = new PlanarQuadrotor();
            env.SetState(start);
            var obs = new double[6];
            StepResult r = env.Step(action, obs);
            return (r.Reward, obs);
        }

        var clipped = Run([0, 10]);
        var beyond = Run([-3, 12.5]);
        Assert.Equal(clipped.Reward, beyond.Reward);
        Assert.Equal(clipped.Next, beyond.Next);
        Assert.Equal(Run([10, 0]).Next, Run([1e9, -1e9]).Next);
        Assert.NotEqual(clipped.Next, Run([0.1, 9.9]).Next);
    }

    [Fact]
    public void LongRolloutsAreBitwiseDeterministic()
    {
        double[] Roll(string integrator)
        {
            var env = new PlanarQuadrotor(Options($"integrator={integrator}"));
            LinearController lqr = PlanarQuadrotor.LqrController();
            var random = new KernelRandom(4);
            var obs = new double[6];
            var u = new double[2];
            var trace = new List<double>();
            env.Reset(21, obs);
            for (int t = 0; t < 1000; t++)
            {
                lqr.Act(obs, u);
                u[0] += 0.1 * random.Normal();
                u[1] += 0.1 * random.Normal();
                trace.Add(env.Step(u, obs).Reward);
                trace.AddRange(obs);
            }

            return [.. trace];
        }

        Assert.Equal(Roll("euler"), Roll("euler"));
        Assert.Equal(Roll("rk4"), Roll("rk4"));
        Assert.NotEqual(Roll("euler"), Roll("rk4"));
    }

    [Fact]
    public void BadInputsAreReportedWithEnvStepIndexAndValue()
    {
        var env = new PlanarQuadrotor { MaxEpisodeSteps = 2 };
        var obs = new double[6];
        env.Reset(0, obs);
        ArgumentException length = Assert.Throws<ArgumentException>(() => env.Step([1.0, 2.0, 3.0], obs));
        Assert.Contains("PlanarQuadrotor-v0", length.Message, StringComparison.Ordinal);
        Assert.Contains("step 1", length.Message, StringComparison.Ordinal);
        Assert.Contains("3 values", length.Message, StringComparison.Ordinal);

        ArgumentException nan = Assert.Throws<ArgumentException>(() => env.Step([double.NaN, 1.0], obs));
        Assert.Contains("PlanarQuadrotor-v0", nan.Message, StringComparison.Ordinal);
        Assert.Contains("action[0] = NaN", nan.Message, StringComparison.Ordinal);

        ArgumentException infinite = Assert.Throws<ArgumentException>(() => env.Step([1.0, double.NegativeInfinity], obs));
        Assert.Contains("action[1] = -Infinity", infinite.Message, StringComparison.Ordinal);

        env.Step([4.905, 4.905], obs);
        Assert.True(env.Step([4.905, 4.905], obs).Truncated);
        InvalidOperationException after = Assert.Throws<InvalidOperationException>(() => env.Step([4.905, 4.905], obs));
        Assert.Contains("PlanarQuadrotor-v0", after.Message, StringComparison.Ordinal);
        Assert.Contains("step 3", after.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => env.SetState(new double[5]));
    }
}
