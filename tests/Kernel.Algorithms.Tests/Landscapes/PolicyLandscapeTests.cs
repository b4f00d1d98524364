using Kernel.Algorithms.Landscapes;
using Kernel.Algorithms.Mollification;
using Kernel.Envs;
using Kernel.Envs.Control;
using Xunit;

namespace Kernel.Algorithms.Tests.Landscapes;

public class PolicyLandscapeTests
{
    private static Controller<T> Network<T>(string env, int stateSize, int actionSize, ulong seed)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        => ControllerFactory.Create<T>(ControllerForm.Mlp, ControllerInit.Random, env, stateSize, actionSize, 16, new KernelRandom(seed));

    private static LandscapeSlice RandomSlice(double[] origin, int points, double range, ulong seed)
    {
        double[][] d = SliceDirections.Random(origin.Length, 2, seed);
        double[] axis = LandscapeSlice.Axis(range, points);
        return new LandscapeSlice(origin, d[0], d[1], axis, axis);
    }

    [Fact]
    public void ALandscapeIsTheSameForASeedWhateverTheNumberOfThreads()
    {
        Controller<double> net = Network<double>(DoublePendulum.EnvId, 4, 2, 3);
        LandscapeSlice slice = RandomSlice(net.Parameters.ToArray(), 5, 0.5, 11);
        Func<ILandscapeSystem<double>> system = () => LandscapeSystems.Create<double>(DoublePendulum.EnvId);
        var settings = new LandscapeSettings(Horizon: 200, Gamma: 0.99, Sigma: 0.1, TrajectoriesPerPoint: 3, Seed: 5, Threads: 1);

        LandscapePoint[] one = PolicyLandscape<double>.Evaluate(system, net, slice, settings);
        LandscapePoint[] two = PolicyLandscape<double>.Evaluate(system, net, slice, settings with { Threads = 2 });
        LandscapePoint[] four = PolicyLandscape<double>.Evaluate(system, net, slice, settings with { Threads = 4 });
        LandscapePoint[] otherSeed = PolicyLandscape<double>.Evaluate(system, net, slice, settings with { Seed = 6 });

        Assert.Equal(one, two);
        Assert.Equal(one, four);
        Assert.NotEqual(one.Select(p => p.Mean), otherSeed.Select(p => p.Mean));
        Assert.All(one, p => Assert.True(p.StandardDeviation > 0));
    }

    [Fact]
    public void TheFp32LandscapeIsAlsoIndependentOfTheThreadCount()
    {
        Controller<float> net = Network<float>(DoublePendulum.EnvId, 4, 2, 3);
        double[] origin = [.. net.Parameters.ToArray().Select(v => (double)v)];
        LandscapeSlice slice = RandomSlice(origin, 4, 0.5, 11);
        Func<ILandscapeSystem<float>> system = () => LandscapeSystems.Create<float>(DoublePendulum.EnvId);
        var settings = new LandscapeSettings(300, 0.99, 0, 1, 5, 1);

        Assert.Equal(PolicyLandscape<float>.Evaluate(system, net, slice, settings), PolicyLandscape<float>.Evaluate(system, net, slice, settings with { Threads = 3 }));
    }

    [Fact]
    public void TheCentreOfADeterministicLandscapeIsTheControllersReturnOnTheEnv()
    {
        Controller<double> net = Network<double>(DoublePendulum.EnvId, 4, 2, 8);
        double[] origin = net.Parameters.ToArray();
        double[][] d = SliceDirections.Random(origin.Length, 1, 2);
        var slice = new LandscapeSlice(origin, d[0], null, LandscapeSlice.Axis(1.0, 7), [0.0]);
        var settings = new LandscapeSettings(DoublePendulum.Horizon, 0.99, 0, 1, 1, 2);

        LandscapePoint[] points = PolicyLandscape<double>.Evaluate(() => LandscapeSystems.Create<double>(DoublePendulum.EnvId), net, slice, settings);

        // The same return computed through the registered env, step by step.
        using IEnv env = Envs.Envs.Make(DoublePendulum.EnvId);
        double[] obs = new double[4];
        double[] u = new double[2];
        env.Reset(0, obs);
        double expected = 0;
        double discount = 1;
        for (int k = 0; k < DoublePendulum.Horizon; k++)
        {
            net.Act(obs, u);
            expected += discount * env.Step(u, obs).Reward;
            discount *= 0.99;
        }

        Assert.Equal(0.0, points[3].A);
        Assert.Equal(expected, points[3].Mean);
        Assert.NotEqual(expected, points[2].Mean);
    }

    [Fact]
    public void AnEnvWithoutAGenericModelGivesTheSameCentreInFp64AndRefusesFp32()
    {
        // PlanarQuadrotor-v0 runs through the env itself; its LQR optimum from a seeded random start.
        Controller<double> lqr = ControllerFactory.Create<double>(ControllerForm.Affine, ControllerInit.Lqr, PlanarQuadrotor.EnvId, 6, 2, 16, new KernelRandom(0));
        double[] origin = lqr.Parameters.ToArray();
        var slice = new LandscapeSlice(origin, SliceDirections.Coordinates(origin.Length, [0])[0], null, [0.0], [0.0]);
        var settings = new LandscapeSettings(100, 1, 0, 2, 9, 2);
        LandscapePoint centre = Assert.Single(PolicyLandscape<double>.Evaluate(() => LandscapeSystems.Create<double>(PlanarQuadrotor.EnvId), lqr, slice, settings));

        double total = 0;
        for (ulong j = 0; j < 2; j++)
        {
            using IEnv env = Envs.Envs.Make(PlanarQuadrotor.EnvId);
            double[] obs = new double[6];
            double[] u = new double[2];
            env.Reset(KernelRandom.DeriveSeed(9, j), obs);
            for (int k = 0; k < 100; k++)
            {
                lqr.Act(obs, u);
                total += env.Step(u, obs).Reward;
            }
        }

        Assert.Equal(total / 2, centre.Mean, 12);
        ArgumentException error = Assert.Throws<ArgumentException>(() => LandscapeSystems.Create<float>(PlanarQuadrotor.EnvId));
        Assert.Contains("double only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMollifiedReturnApproachesTheDeterministicOneAsSigmaShrinksOnASmoothProblem()
    {
        // The single pendulum (not chaotic) under a fixed linear feedback: J is smooth in the actions.
        var feedback = LinearFeedbackController<double>.FromGain(new double[,] { { 2.0, 0.5 } }, null);
        double[] origin = feedback.Parameters.ToArray();
        var slice = new LandscapeSlice(origin, SliceDirections.Coordinates(origin.Length, [0])[0], null, [0.0], [0.0]);
        Func<ILandscapeSystem<double>> system = () => LandscapeSystems.Create<double>(SinglePendulumModel<double>.Name);
        var deterministic = new LandscapeSettings(1000, 0.99, 0, 1, 4, 2);
        double j0 = PolicyLandscape<double>.Evaluate(system, feedback, slice, deterministic)[0].Mean;

        double[] sigmas = [1.0, 0.1, 0.01, 0.001];
        double[] gaps = [.. sigmas.Select(sigma =>
            Math.Abs(PolicyLandscape<double>.Evaluate(system, feedback, slice, deterministic with { Sigma = sigma, TrajectoriesPerPoint = 8 })[0].Mean - j0))];

        for (int i = 1; i < gaps.Length; i++)
        {
            Assert.True(gaps[i] < gaps[i - 1] / 3, $"gap at sigma step {i}: {gaps[i]} (previous {gaps[i - 1]})");
        }

        Assert.True(gaps[^1] < 1e-3 * Math.Abs(j0), $"gap {gaps[^1]} vs |J| = {Math.Abs(j0)}");
    }

    [Fact]
    public void TheFp32ClosedLoopRunsInFloatAndStaysCloseOnTheSmoothPendulum()
    {
        var feedback64 = LinearFeedbackController<double>.FromGain(new double[,] { { 2.0, 0.5 } }, null);
        var feedback32 = LinearFeedbackController<float>.FromGain(new double[,] { { 2.0, 0.5 } }, null);
        double[] origin = feedback64.Parameters.ToArray();
        double[][] d = SliceDirections.Random(origin.Length, 1, 3);
        var slice = new LandscapeSlice(origin, d[0], null, LandscapeSlice.Axis(1.0, 5), [0.0]);
        var settings = new LandscapeSettings(1000, 0.99, 0, 1, 4, 2);
        LandscapePoint[] j64 = PolicyLandscape<double>.Evaluate(() => LandscapeSystems.Create<double>(SinglePendulumModel<double>.Name), feedback64, slice, settings);
        LandscapePoint[] j32 = PolicyLandscape<float>.Evaluate(() => LandscapeSystems.Create<float>(SinglePendulumModel<double>.Name), feedback32, slice, settings);

        for (int i = 0; i < j64.Length; i++)
        {
            Assert.NotEqual(j64[i].Mean, j32[i].Mean); // float rounding is visible...
            Assert.Equal(0, Math.Abs(j32[i].Mean - j64[i].Mean) / Math.Abs(j64[i].Mean), 4); // ...but small on a smooth problem
        }
    }
}
