using Kernel.Algorithms.Landscapes;
using Kernel.Algorithms.Mollification;
using Kernel.Envs.Control;
using Xunit;

namespace Kernel.Algorithms.Tests.Landscapes;

public class LyapunovEstimatorTests
{
    [Fact]
    public void TheLogisticMapAtR4HasExponentLn2()
    {
        LyapunovEstimate estimate = LyapunovEstimator.Estimate(s => s[0] = 4 * s[0] * (1 - s[0]), [0.3141], 200_000, 100, 1e-9, 1.0, 7);
        Assert.Equal(Math.Log(2), estimate.PerStep, 0.01);
    }

    [Fact]
    public void ALinearMapHasTheLogOfItsLargestEigenvalueModulusPerStepAndPerSecond()
    {
        // A = [[2, 1], [0, 0.5]]: eigenvalues 2 and 0.5 (non-normal, so growth is not uniform until aligned).
        StateMap map = s =>
        {
            double x = s[0];
            s[0] = (2 * x) + s[1];
            s[1] = 0.5 * s[1];
        };
        LyapunovEstimate estimate = LyapunovEstimator.Estimate(map, [0.0, 0.0], 20_000, 0, 1e-6, 0.01, 3);
        Assert.Equal(Math.Log(2), estimate.PerStep, 1e-3);
        Assert.Equal(Math.Log(2) / 0.01, estimate.PerSecond, 0.1);
    }

    [Fact]
    public void AContractingLinearMapHasANegativeExponent()
    {
        StateMap map = s =>
        {
            double x = s[0];
            s[0] = (0.9 * x) - (0.2 * s[1]);
            s[1] = (0.2 * x) + (0.9 * s[1]);
        };
        // A rotation-scaling with |eigenvalue| = sqrt(0.81 + 0.04).
        LyapunovEstimate estimate = LyapunovEstimator.Estimate(map, [1.0, 0.0], 5000, 0, 1e-8, 1.0, 1);
        Assert.Equal(0.5 * Math.Log(0.85), estimate.PerStep, 1e-3);
    }

    [Fact]
    public void TheDoublePendulumStabilisedByPositiveK0HasANegativeExponent()
    {
        var model = new DoublePendulumModel<double>(new DoublePendulum());
        var stabilising = LinearFeedbackController<double>.FromGain(QLandscapeTests.Negated(DoublePendulum.K0), null);
        LyapunovEstimate estimate = LyapunovEstimator.Estimate(LyapunovEstimator.ClosedLoop(model, stabilising), DoublePendulum.InitialState, 5000, 0, 1e-8, model.StepSeconds, 1);
        Assert.True(estimate.PerStep < 0, $"exponent per step {estimate.PerStep}");
        Assert.Equal(estimate.PerStep / 0.01, estimate.PerSecond, 12);
    }

    [Fact]
    public void TheExponentLandscapeIsTheDirectEstimateAtEachPointWhateverTheThreads()
    {
        Controller<double> net = ControllerFactory.Create<double>(ControllerForm.Mlp, ControllerInit.Random, DoublePendulum.EnvId, 4, 2, 16, new Kernel.Envs.KernelRandom(1));
        double[] origin = net.Parameters.ToArray();
        double[][] d = SliceDirections.Random(origin.Length, 1, 4);
        var slice = new LandscapeSlice(origin, d[0], null, LandscapeSlice.Axis(20, 5), [0.0]);
        Func<IControlModel<double>> model = () => new DoublePendulumModel<double>(new DoublePendulum());

        LandscapePoint[] one = LyapunovLandscape.Evaluate(model, net, slice, 2000, 0, 1e-8, 6, 1);
        Assert.Equal(one, LyapunovLandscape.Evaluate(model, net, slice, 2000, 0, 1e-8, 6, 2));

        double[] theta = new double[origin.Length];
        slice.Theta(1, theta);
        net.SetParameters(theta);
        var direct = new DoublePendulumModel<double>(new DoublePendulum());
        LyapunovEstimate estimate = LyapunovEstimator.Estimate(LyapunovEstimator.ClosedLoop(direct, net), DoublePendulum.InitialState, 2000, 0, 1e-8, 0.01, 6);
        Assert.Equal(estimate.PerStep, one[1].Mean);
    }
}
