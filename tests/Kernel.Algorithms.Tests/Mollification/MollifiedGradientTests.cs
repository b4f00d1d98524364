using Kernel.Algorithms.Mollification;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Mollification;

/// <summary>
/// mollified-pg's gradient and step: the normalised step moves theta by exactly delta along g; on a smooth linear-quadratic
/// problem the estimate's direction approaches the gradient of J(K) (finite differences of the exact return) as sigma
/// shrinks and the batch grows, and an epoch climbs J; constant rewards give a zero estimate up to rounding (the baseline removes them).
/// </summary>
public class MollifiedGradientTests
{
    private const double Gamma = 0.99;
    private static readonly double[] Gain = [1.0, 1.5];

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.001)]
    public void TheNormalisedStepHasNormDeltaInFp64(double delta)
    {
        double[] theta = [1, -2, 3];
        double[] before = [.. theta];
        double norm = MollifiedGradient.Step<double>(theta, [3.0, 0.0, -4.0], delta);
        Assert.Equal(5.0, norm);
        Assert.Equal(delta, Distance(theta, before), 1e-15);
        Assert.Equal(delta * 3 / 5, theta[0] - before[0], 1e-15);
    }

    [Fact]
    public void TheNormalisedStepHasNormDeltaInFp32()
    {
        float[] theta = [1, -2, 3, 0.5f];
        double[] before = [.. theta.Select(v => (double)v)];
        MollifiedGradient.Step<float>(theta, [1e-8f, 2e-8f, -3e-8f, 4e-9f], 0.001);
        Assert.Equal(0.001, Distance([.. theta.Select(v => (double)v)], before), 2e-7);
    }

    [Fact]
    public void AZeroGradientLeavesThetaAlone()
    {
        double[] theta = [1, 2];
        Assert.Equal(0.0, MollifiedGradient.Step<double>(theta, [0.0, 0.0], 1.0));
        Assert.Equal([1.0, 2.0], theta);
    }

    [Fact]
    public void ConstantRewardsGiveAZeroEstimate()
    {
        var controller = new LinearFeedbackController<double>(1, 1, hasBias: true);
        double[][] states = [[0.5, 1.0], [0.2, -0.3], [1.5, 0.1]];
        double[][] noise = [[1.0, -0.5], [0.3, 2.0], [-1.2, 0.7]];
        double[][] rewards = [[-1.0, -1.0], [-1.0, -1.0], [-1.0, -1.0]];
        var gradient = new double[2];
        MollifiedGradient.Estimate(controller, states, noise, rewards, [2, 2, 2], 0.1, Gamma, gradient);
        Assert.All(gradient, g => Assert.Equal(0.0, g, 1e-14));
    }

    [Fact]
    public void TheEstimateApproachesTheGradientOfJAsSigmaShrinksAndTrajectoriesGrow()
    {
        LinearQuadraticEnv.EnsureRegistered();
        double[] exact = ExactGradient();
        double coarse = Cosine(Estimate(sigma: 1.0, trajectories: 8), exact);
        double middle = Cosine(Estimate(sigma: 0.1, trajectories: 64), exact);
        double fine = Cosine(Estimate(sigma: 0.01, trajectories: 1024), exact);
        Assert.True(coarse < middle && middle < fine, $"cosines {coarse}, {middle}, {fine} should grow");
        Assert.True(fine > 0.999, $"cosine {fine} with sigma 0.01 and 1024 trajectories");
    }

    [Fact]
    public void AnEpochClimbsJOnTheSmoothProblem()
    {
        LinearQuadraticEnv.EnsureRegistered();
        using var trainer = new MollifiedPolicyGradientTrainer<double>(Config(sigma: 0.05, trajectories: 64, workers: 2) with
        {
            Mollified = new MollifiedOptions { FixedStd = 0.05, TrajectoriesPerEpoch = 64, Horizon = LinearQuadraticEnv.Horizon, StepSize = 0.05 },
        });
        trainer.Controller.SetParameters(Gain);
        double before = LinearQuadraticEnv.Return(Gain[0], Gain[1], Gamma);
        trainer.Update(null);
        double[] theta = trainer.Controller.Parameters.ToArray();
        Assert.True(LinearQuadraticEnv.Return(theta[0], theta[1], Gamma) > before, $"J went from {before} to {LinearQuadraticEnv.Return(theta[0], theta[1], Gamma)}");
    }

    [Fact]
    public void TheEstimateIsTheSameForAnyNumberOfWorkers()
    {
        LinearQuadraticEnv.EnsureRegistered();
        Assert.Equal(Estimate(0.1, 16, workers: 1), Estimate(0.1, 16, workers: 2));
    }

    private static TrainConfig Config(double sigma, int trajectories, int workers) => TrainConfig.ForAlgorithm("mollified-pg") with
    {
        Env = LinearQuadraticEnv.EnvId,
        Precision = NumericPrecision.Fp64,
        Seed = 11,
        Rollout = new RolloutOptions { NumEnvs = workers, Gamma = Gamma },
        Mollified = new MollifiedOptions { FixedStd = sigma, TrajectoriesPerEpoch = trajectories, Horizon = LinearQuadraticEnv.Horizon },
    };

    private static double[] Estimate(double sigma, int trajectories, int workers = 2)
    {
        using var trainer = new MollifiedPolicyGradientTrainer<double>(Config(sigma, trajectories, workers));
        trainer.Controller.SetParameters(Gain);
        trainer.EstimateGradient();
        return trainer.Gradient.ToArray();
    }

    private static double[] ExactGradient()
    {
        const double h = 1e-6;
        return
        [
            (LinearQuadraticEnv.Return(Gain[0] + h, Gain[1], Gamma) - LinearQuadraticEnv.Return(Gain[0] - h, Gain[1], Gamma)) / (2 * h),
            (LinearQuadraticEnv.Return(Gain[0], Gain[1] + h, Gamma) - LinearQuadraticEnv.Return(Gain[0], Gain[1] - h, Gamma)) / (2 * h),
        ];
    }

    private static double Cosine(double[] a, double[] b)
        => a.Zip(b, (x, y) => x * y).Sum() / Math.Sqrt(a.Sum(x => x * x) * b.Sum(x => x * x));

    private static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());
}
