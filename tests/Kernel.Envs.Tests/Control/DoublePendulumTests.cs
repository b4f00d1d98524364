using Kernel.Envs.Control;
using Xunit;
using static Kernel.Envs.Tests.Control.ControlTestHelpers;

namespace Kernel.Envs.Tests.Control;

public class DoublePendulumTests
{
    [Fact]
    public void DefaultsAreThePapersConstants()
    {
        var env = new DoublePendulum();
        Assert.Equal("DoublePendulum-v0", env.Id);
        Assert.Equal(0.1, env.I1);
        Assert.Equal(0.1, env.I2);
        Assert.Equal(0.15, env.M1);
        Assert.Equal(0.15, env.M2);
        Assert.Equal(9.81, env.G);
        Assert.Equal(0.5, env.L1);
        Assert.Equal(0.25, env.Lc1);
        Assert.Equal(0.25, env.Lc2);
        Assert.Equal(0.01, env.Dt);
        Assert.Equal(10.0, env.ControlLimit);
        Assert.Equal(0.0, env.InitNoise);
        Assert.Equal(IntegratorKind.RungeKutta4, env.IntegratorKind);
        Assert.Equal(1000, DoublePendulum.Horizon);
        Assert.Equal(4, env.StateSize);
        Assert.Equal(4, env.ObservationSpace.Dimension);
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal([-10.0, -10.0], actions.Low.ToArray());
        Assert.Equal([10.0, 10.0], actions.High.ToArray());
        Assert.Equal([-0.2, 0.2, 0.0, 0.0], DoublePendulum.InitialState.ToArray());
        Assert.Equal(new[,] { { -20, -20.0854, -21.4826, -10.0516 }, { -18.22, -19.143, -9.2905, -6.6695 } }, DoublePendulum.K0);
    }

    [Fact]
    public void OptionsOverrideConstantsAndUnknownOrBadOptionsAreRejected()
    {
        var env = new DoublePendulum(Options("m=0.2", "m2=0.3", "g=1.62", "dt=0.005", "integrator=euler", "I1=0.2", "u_max=5", "init_noise=0.01"));
        Assert.Equal(0.2, env.M1);
        Assert.Equal(0.3, env.M2);
        Assert.Equal(1.62, env.G);
        Assert.Equal(0.005, env.Dt);
        Assert.Equal(0.2, env.I1);
        Assert.Equal(5.0, env.ControlLimit);
        Assert.Equal(5.0, Assert.IsType<BoxSpace>(env.ActionSpace).High[0]);
        Assert.Equal(IntegratorKind.Euler, env.IntegratorKind);

        ArgumentException unknown = Assert.Throws<ArgumentException>(() => new DoublePendulum(Options("l2=0.5")));
        Assert.Contains("DoublePendulum-v0", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'l2'", unknown.Message, StringComparison.Ordinal);
        ArgumentException negative = Assert.Throws<ArgumentException>(() => new DoublePendulum(Options("dt=-0.01")));
        Assert.Contains("dt", negative.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DoublePendulum(Options("integrator=leapfrog")));
    }

    [Fact]
    public void ResetGivesS0ExactlyByDefaultAndNoiseAroundItOnRequest()
    {
        var env = new DoublePendulum();
        var obs = new double[4];
        env.Reset(7, obs);
        Assert.Equal([-0.2, 0.2, 0.0, 0.0], obs);
        env.Reset(8, obs);
        Assert.Equal([-0.2, 0.2, 0.0, 0.0], obs);

        var noisy = new DoublePendulum(Options("init_noise=0.05"));
        var again = new DoublePendulum(Options("init_noise=0.05"));
        var other = new double[4];
        noisy.Reset(3, obs);
        again.Reset(3, other);
        Assert.Equal(obs, other);
        for (int i = 0; i < 4; i++)
        {
            Assert.InRange(obs[i] - DoublePendulum.InitialState[i], -0.05, 0.05);
        }

        Assert.NotEqual([-0.2, 0.2, 0.0, 0.0], obs);
    }

    [Fact]
    public void FirstEulerStepFromS0MatchesTheManipulatorEquationSolvedByHand()
    {
        // At s0 the velocities are zero, so C(q, q') q' = 0 and M q'' = tau + u.
        const double m = 0.15;
        const double g = 9.81;
        double c = Math.Cos(0.2);
        double m11 = 0.1 + 0.1 + (m * 0.5 * 0.5) + (2 * m * 0.5 * 0.25 * c);
        double m12 = 0.1 + (m * 0.5 * 0.25 * c);
        double m22 = 0.1;

        // theta1 = -0.2, theta1 + theta2 = 0: tau1 = -m g lc1 sin(-0.2) - m g (l1 sin(-0.2) + 0), tau2 = 0.
        double tau1 = (m * g * 0.25 * Math.Sin(0.2)) + (m * g * 0.5 * Math.Sin(0.2));
        double tau2 = 0.0;
        double u1 = 1.0;
        double u2 = -0.5;
        double r1 = tau1 + u1;
        double r2 = tau2 + u2;
        double det = (m11 * m22) - (m12 * m12);
        double a1 = ((m22 * r1) - (m12 * r2)) / det;
        double a2 = ((-m12 * r1) + (m11 * r2)) / det;

        var env = new DoublePendulum(Options("integrator=euler"));
        var obs = new double[4];
        env.Reset(null, obs);
        StepResult result = env.Step([u1, u2], obs);
        Assert.Equal(-0.2, obs[0], 15);
        Assert.Equal(0.2, obs[1], 15);
        Assert.Equal(0.01 * a1, obs[2], 14);
        Assert.Equal(0.01 * a2, obs[3], 14);
        Assert.Equal(-((5 * (0.04 + 0.04)) + (0.00005 * ((u1 * u1) + (u2 * u2)))), result.Reward, 14);
        Assert.False(result.Terminated);
        Assert.False(result.Truncated);

        // Sanity of the numbers themselves: gravity pulls theta1 back towards 0 (positive), u2 < 0 pushes theta2' negative.
        Assert.True(obs[2] > 0);
        Assert.True(obs[3] < 0);
    }

    [Fact]
    public void EulerStepWithVelocitiesUsesThePrintedCoriolisMatrix()
    {
        double t1 = 0.1, t2 = -0.3, w1 = 0.5, w2 = -0.7;
        double h = 0.15 * 0.5 * 0.25;
        double s2 = Math.Sin(t2);

        // C as printed in F.2, multiplied by q' entry by entry.
        double[,] cMatrix = { { -2 * h * s2 * w2, -h * s2 * w2 }, { h * s2 * w1, 0 } };
        double cq1 = (cMatrix[0, 0] * w1) + (cMatrix[0, 1] * w2);
        double cq2 = (cMatrix[1, 0] * w1) + (cMatrix[1, 1] * w2);
        double c2 = Math.Cos(t2);
        double m11 = 0.2 + (0.15 * 0.25) + (2 * h * c2);
        double m12 = 0.1 + (h * c2);
        double m22 = 0.1;
        double tau1 = (-0.15 * 9.81 * 0.25 * Math.Sin(t1)) - (0.15 * 9.81 * ((0.5 * Math.Sin(t1)) + (0.25 * Math.Sin(t1 + t2))));
        double tau2 = -0.15 * 9.81 * 0.25 * Math.Sin(t1 + t2);
        double[] u = [2.0, 3.0];
        double r1 = tau1 + u[0] - cq1;
        double r2 = tau2 + u[1] - cq2;
        double det = (m11 * m22) - (m12 * m12);
        double a1 = ((m22 * r1) - (m12 * r2)) / det;
        double a2 = ((m11 * r2) - (m12 * r1)) / det;

        var env = new DoublePendulum(Options("integrator=euler"));
        env.SetState([t1, t2, w1, w2]);
        var obs = new double[4];
        StepResult result = env.Step(u, obs);
        Assert.Equal(t1 + (0.01 * w1), obs[0], 14);
        Assert.Equal(t2 + (0.01 * w2), obs[1], 14);
        Assert.Equal(w1 + (0.01 * a1), obs[2], 13);
        Assert.Equal(w2 + (0.01 * a2), obs[3], 13);
        double cost = (5 * ((t1 * t1) + (t2 * t2))) + (0.5 * ((w1 * w1) + (w2 * w2))) + (0.00005 * 13);
        Assert.Equal(-cost, result.Reward, 14);
    }

    [Fact]
    public void Rk4IsTheDefaultDiffersFromEulerAndAgreesWithAMuchFinerEuler()
    {
        double[] start = [0.3, -0.4, 1.0, -2.0];
        double[] u = [1.5, -2.5];
        var rk4 = new DoublePendulum();
        var euler = new DoublePendulum(Options("integrator=euler"));
        var fine = new DoublePendulum(Options("integrator=euler", "dt=0.000001"));
        var a = new double[4];
        var b = new double[4];
        var f = new double[4];
        rk4.SetState(start);
        euler.SetState(start);
        fine.SetState(start);
        rk4.Step(u, a);
        euler.Step(u, b);
        for (int i = 0; i < 10_000; i++)
        {
            fine.Step(u, f);
        }

        Assert.NotEqual(a, b);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(f[i], a[i], 1e-5); // fine Euler's own error is about 0.5 |q''| dt_fine T
        }

        Assert.True(Math.Abs(b[2] - f[2]) + Math.Abs(b[3] - f[3]) > 10 * (Math.Abs(a[2] - f[2]) + Math.Abs(a[3] - f[3])));
    }

    [Theory]
    [InlineData("rk4")]
    [InlineData("euler")]
    public void PlusK0SDrivesS0ToTheOrigin(string integrator)
    {
        var env = new DoublePendulum(Options($"integrator={integrator}")) { MaxEpisodeSteps = DoublePendulum.Horizon };
        LinearController controller = DoublePendulum.ReferenceController(positiveFeedback: true);
        var obs = new double[4];
        var u = new double[2];
        env.Reset(null, obs);
        double initial = Norm(obs);
        double atHalf = 0;
        StepResult result = default;
        for (int t = 1; t <= 1000; t++)
        {
            controller.Act(obs, u);
            result = env.Step(u, obs);
            Assert.True(Norm(obs) < 0.35, $"step {t}: norm {Norm(obs)}");
            if (t == 500)
            {
                atHalf = Norm(obs);
            }
        }

        // The printed dynamics under +K0 have a slow, overdamped mode (time constant about 4.5 s), so after the
        // 10 s horizon the state is at about a tenth of |s0| and still shrinking geometrically, not yet at 1e-3.
        double final = Norm(obs);
        Assert.True(final < 0.04, $"final norm {final}");
        Assert.True(final < 0.15 * initial);
        Assert.True(final < 0.5 * atHalf, $"norm {atHalf} at step 500, {final} at 1000");
        Assert.True(result.Truncated);
        Assert.False(result.Terminated);
    }

    [Theory]
    [InlineData("rk4")]
    [InlineData("euler")]
    public void MinusK0SThePapersSignDivergesFromS0(string integrator)
    {
        var env = new DoublePendulum(Options($"integrator={integrator}")) { MaxEpisodeSteps = DoublePendulum.Horizon };
        LinearController controller = DoublePendulum.ReferenceController(positiveFeedback: false);
        Assert.Equal(-1.0, controller.FeedbackSign);
        var obs = new double[4];
        var u = new double[2];
        env.Reset(null, obs);
        double largest = 0;
        bool leftFiniteRange = false;
        for (int t = 1; t <= 1000; t++)
        {
            controller.Act(obs, u);
            try
            {
                env.Step(u, obs);
            }
            catch (InvalidOperationException error) when (error.Message.Contains("left the finite range", StringComparison.Ordinal))
            {
                // Either outcome counts as divergence: the env refusing a non-finite state, or a large norm.
                leftFiniteRange = true;
                break;
            }

            largest = Math.Max(largest, Norm(obs));
        }

        Assert.True(leftFiniteRange || largest > 10, $"largest norm {largest}");
    }

    [Fact]
    public void ActionsBeyondTheBoundsActAsTheSaturatedAction()
    {
        double[] start = [0.1, -0.2, 0.3, 0.4];
        (double Reward, double[] Next) Run(double[] action)
        {
            var env = new DoublePendulum();
            env.SetState(start);
            var obs = new double[4];
            StepResult r = env.Step(action, obs);
            return (r.Reward, obs);
        }

        var clipped = Run([10, -10]);
        var beyond = Run([25, -1e6]);
        Assert.Equal(clipped.Reward, beyond.Reward);
        Assert.Equal(clipped.Next, beyond.Next);
        var inside = Run([9.9, -9.9]);
        Assert.NotEqual(clipped.Next, inside.Next);
    }

    [Fact]
    public void LongRolloutsAreBitwiseDeterministic()
    {
        double[] Roll()
        {
            var env = new DoublePendulum(Options("init_noise=0.1"));
            var random = new KernelRandom(99);
            var obs = new double[4];
            var u = new double[2];
            var trace = new List<double>();
            env.Reset(5, obs);
            for (int t = 0; t < 1000; t++)
            {
                u[0] = random.Uniform(-12, 12);
                u[1] = random.Uniform(-12, 12);
                trace.Add(env.Step(u, obs).Reward);
                trace.AddRange(obs);
            }

            return [.. trace];
        }

        Assert.Equal(Roll(), Roll());
    }

    [Fact]
    public void BadInputsAreReportedWithEnvStepIndexAndValue()
    {
        var env = new DoublePendulum { MaxEpisodeSteps = 3 };
        var obs = new double[4];
        env.Reset(null, obs);
        ArgumentException length = Assert.Throws<ArgumentException>(() => env.Step([1.0], obs));
        Assert.Contains("DoublePendulum-v0", length.Message, StringComparison.Ordinal);
        Assert.Contains("step 1", length.Message, StringComparison.Ordinal);
        Assert.Contains("1 values", length.Message, StringComparison.Ordinal);

        ArgumentException nan = Assert.Throws<ArgumentException>(() => env.Step([0.0, double.NaN], obs));
        Assert.Contains("DoublePendulum-v0", nan.Message, StringComparison.Ordinal);
        Assert.Contains("step 1", nan.Message, StringComparison.Ordinal);
        Assert.Contains("action[1] = NaN", nan.Message, StringComparison.Ordinal);

        Assert.False(env.Step([0.0, 0.0], obs).Truncated);
        Assert.False(env.Step([0.0, 0.0], obs).Truncated);
        Assert.True(env.Step([0.0, 0.0], obs).Truncated);
        InvalidOperationException after = Assert.Throws<InvalidOperationException>(() => env.Step([0.0, 0.0], obs));
        Assert.Contains("DoublePendulum-v0", after.Message, StringComparison.Ordinal);
        Assert.Contains("step 4", after.Message, StringComparison.Ordinal);

        ArgumentException state = Assert.Throws<ArgumentException>(() => env.SetState([0.0, double.PositiveInfinity, 0.0, 0.0]));
        Assert.Contains("state[1]", state.Message, StringComparison.Ordinal);
    }
}
