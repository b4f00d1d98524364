using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>
/// TRPO's gradient estimate (its unclipped surrogate at ratio 1 with its tanh-squashed Gaussian, 004 appendix A) on the
/// linear-Gaussian bandit of <see cref="PolicyGradientEstimatorTests"/>, with the reward on the stored pre-squash action u:
/// s ~ N(0, I_3), u ~ N(w.s + b, sigma^2), r = -(u - t)^2, so grad E[r] = (-2w, -2(b - t), -2 sigma^2) in (w, b, log sigma).
/// The squash's log-det does not depend on the parameters, so the estimate must be the plain Gaussian score times r:
/// unbiased, with E[1 - cos(g_N, g)] = tr((I - g g^T/|g|^2) Sigma) / (2 N |g|^2) to leading order. This is what rules
/// out the estimator itself as the cause of TRPO's low concentration in 001-fig2-fig3.
/// </summary>
public sealed class SquashedGradientEstimatorTests
{
    private static readonly double[] W = [0.3, -0.2, 0.1];
    private const double B = 0.2;
    private const double Target = 1.0;
    private const double Sigma = 0.5;

    [Fact]
    public void Trpo_estimate_on_a_linear_Gaussian_bandit_converges_to_the_exact_gradient_at_the_predicted_rate()
    {
        PolicyGradientEstimator<double> estimator = TrpoBandit();
        double[] exact = [-2 * W[0], -2 * W[1], -2 * W[2], -2 * (B - Target), -2 * Sigma * Sigma];
        double exactSquared = exact.Sum(x => x * x);
        double[,] covariance = Covariance(new KernelRandom(98), 200_000);
        double perpendicularTrace = PerpendicularTrace(exact, covariance);

        var random = new KernelRandom(11);
        const int estimates = 40;
        var gradient = new double[estimator.Size];
        double previous = double.PositiveInfinity;
        foreach (int n in new[] { 250, 1000, 4000, 16000 })
        {
            double shortfall = 0;
            var mean = new double[estimator.Size];
            for (int m = 0; m < estimates; m++)
            {
                estimator.Estimate(Samples(n, random), n, gradient);
                shortfall += 1 - Cosine.Similarity(gradient, exact);
                for (int k = 0; k < mean.Length; k++)
                {
                    mean[k] += gradient[k] / estimates;
                }
            }

            shortfall /= estimates;
            double predicted = perpendicularTrace / (2.0 * n * exactSquared);
            Assert.InRange(shortfall / predicted, 0.7, 1.3);
            Assert.True(shortfall < previous, $"1 - cos = {shortfall} at N = {n} did not fall");
            previous = shortfall;

            // Unbiased: the mean of the estimates is within 4 standard errors of the exact gradient in every coordinate.
            for (int k = 0; k < exact.Length; k++)
            {
                double standardError = Math.Sqrt(covariance[k, k] / (n * (double)estimates));
                Assert.True(Math.Abs(mean[k] - exact[k]) < 4 * standardError, $"coordinate {k} at N = {n}: {mean[k]} vs {exact[k]} (se {standardError})");
            }
        }

        Assert.True(previous < 1e-3, $"1 - cos = {previous} at N = 16000");
    }

    /// <summary>TRPO's estimator (its defaults: squashed Gaussian, unclipped surrogate) for the linear policy (w, b, log sigma) in fp64, advantages not normalised.</summary>
    private static PolicyGradientEstimator<double> TrpoBandit()
    {
        TrainConfig defaults = AlgorithmRegistry.Defaults("trpo");
        Assert.True(defaults.Policy.Squash);
        TrainConfig config = defaults with
        {
            Precision = NumericPrecision.Fp64,
            Policy = defaults.Policy with { Hidden = [] },
            Rollout = defaults.Rollout with { NormalizeAdvantages = false },
        };
        var tape = new Tape<double>();
        var networks = new ActorCritic<double>(config, tape, new BoxSpace([-1.0], [1.0]), 3, withValue: false, new KernelRandom(1));
        IPolicyObjective<double> objective = AlgorithmRegistry.Get("trpo").Objective.Create(config, tape, new KlPenalty(config.Surrogate.KlBeta));
        var estimator = new PolicyGradientEstimator<double>(config, networks, objective);
        IReadOnlyList<NamedParameter<double>> parameters = estimator.PolicyParameters;
        Assert.Equal(["weight", "bias", "log_std"], parameters.Select(p => p.Name.Split('.')[^1]));
        parameters[0].Tensor.SetValues(W);
        parameters[1].Tensor.SetValues([B]);
        parameters[2].Tensor.SetValues([Math.Log(Sigma)]);
        return estimator;
    }

    /// <summary>n bandit samples: the stored action is the pre-squash u, its log-prob the squashed one (Gaussian minus log(1 - tanh(u)^2); half-width 1).</summary>
    private static RolloutBuffer Samples(int n, KernelRandom random)
    {
        var buffer = new RolloutBuffer(n, 1, 3, 1, 2);
        for (int i = 0; i < n; i++)
        {
            Span<double> s = buffer.Observations.AsSpan(i * 3, 3);
            for (int k = 0; k < 3; k++)
            {
                s[k] = random.Normal();
            }

            double mu = Mean(s);
            double epsilon = random.Normal();
            double u = mu + (Sigma * epsilon);
            double tanh = Math.Tanh(u);
            buffer.Actions[i] = u;
            buffer.LogProbs[i] = (-0.5 * epsilon * epsilon) - Math.Log(Sigma) - (0.5 * Math.Log(2 * Math.PI)) - Math.Log(1 - (tanh * tanh));
            buffer.OldPolicy[2 * i] = mu;
            buffer.OldPolicy[(2 * i) + 1] = Sigma;
            buffer.Advantages[i] = -(u - Target) * (u - Target);
        }

        return buffer;
    }

    private static double Mean(ReadOnlySpan<double> s) => (W[0] * s[0]) + (W[1] * s[1]) + (W[2] * s[2]) + B;

    /// <summary>r grad log pi(u|s) in (w, b, log sigma), in closed form.</summary>
    private static double[] PerSample(ReadOnlySpan<double> s, double u)
    {
        double z = (u - Mean(s)) / Sigma;
        double r = -(u - Target) * (u - Target);
        double dMean = z / Sigma;
        return [r * dMean * s[0], r * dMean * s[1], r * dMean * s[2], r * dMean, r * ((z * z) - 1)];
    }

    /// <summary>The covariance of the per-sample gradients r grad log pi, from <paramref name="count"/> samples.</summary>
    private static double[,] Covariance(KernelRandom random, int count)
    {
        RolloutBuffer samples = Samples(count, random);
        const int d = 5;
        var mean = new double[d];
        var second = new double[d, d];
        for (int i = 0; i < count; i++)
        {
            double[] g = PerSample(samples.Observations.AsSpan(i * 3, 3), samples.Actions[i]);
            for (int j = 0; j < d; j++)
            {
                mean[j] += g[j] / count;
                for (int k = 0; k < d; k++)
                {
                    second[j, k] += g[j] * g[k] / count;
                }
            }
        }

        var covariance = new double[d, d];
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k < d; k++)
            {
                covariance[j, k] = second[j, k] - (mean[j] * mean[k]);
            }
        }

        return covariance;
    }

    /// <summary>tr((I - g g^T / |g|^2) C).</summary>
    private static double PerpendicularTrace(double[] exact, double[,] covariance)
    {
        double squared = exact.Sum(x => x * x);
        double trace = 0, along = 0;
        for (int j = 0; j < exact.Length; j++)
        {
            trace += covariance[j, j];
            for (int k = 0; k < exact.Length; k++)
            {
                along += exact[j] * covariance[j, k] * exact[k] / squared;
            }
        }

        return trace - along;
    }
}
