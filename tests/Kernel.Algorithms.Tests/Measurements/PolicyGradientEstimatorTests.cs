using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>
/// The gradient estimator on a linear-Gaussian bandit whose expected reward has a closed-form gradient: state
/// s ~ N(0, I_3), action a ~ N(w.s + b, sigma^2), reward r = -(a - t)^2, so E[r] = -|w|^2 - (b - t)^2 - sigma^2 and
/// the gradient is (-2w, -2(b - t), -2 sigma^2) in (w, b, log sigma). With the reward as the advantage, PPO's
/// surrogate gradient at ratio 1 is mean(grad log pi(a|s) r), unbiased; its per-sample covariance Sigma predicts
/// E[1 - cos(g_N, g)] = tr((I - g g^T/|g|^2) Sigma) / (2 N |g|^2) to leading order.
/// </summary>
public sealed class PolicyGradientEstimatorTests
{
    private static readonly double[] W = [0.3, -0.2, 0.1];
    private const double B = 0.2;
    private const double Target = 1.0;
    private const double Sigma = 0.5;

    [Fact]
    public void On_a_linear_Gaussian_bandit_the_cosine_to_the_exact_gradient_goes_to_1_at_the_rate_the_variance_predicts()
    {
        (PolicyGradientEstimator<double> estimator, _) = Bandit();
        double[] exact = [-2 * W[0], -2 * W[1], -2 * W[2], -2 * (B - Target), -2 * Sigma * Sigma];
        double exactSquared = exact.Sum(x => x * x);
        double perpendicularTrace = PerpendicularTrace(exact, new KernelRandom(99), 200_000);

        var random = new KernelRandom(7);
        const int estimates = 40;
        double previous = double.PositiveInfinity;
        foreach (int n in new[] { 250, 1000, 4000, 16000 })
        {
            double shortfall = 0;
            var gradient = new double[estimator.Size];
            for (int m = 0; m < estimates; m++)
            {
                RolloutBuffer samples = Samples(n, random);
                estimator.Estimate(samples, n, gradient);
                shortfall += 1 - Cosine.Similarity(gradient, exact);
            }

            shortfall /= estimates;
            double predicted = perpendicularTrace / (2.0 * n * exactSquared);
            Assert.InRange(shortfall / predicted, 0.7, 1.3);
            Assert.True(shortfall < previous, $"1 - cos = {shortfall} at N = {n} did not fall");
            previous = shortfall;
        }

        Assert.True(previous < 1e-3, $"1 - cos = {previous} at N = 16000");
    }

    [Fact]
    public void Chunked_and_whole_estimates_agree_and_a_sample_gives_its_own_gradient_again()
    {
        (PolicyGradientEstimator<double> estimator, _) = Bandit();
        RolloutBuffer samples = Samples(2 * PolicyGradientEstimator<double>.ChunkRows + 17, new KernelRandom(3));
        var whole = new double[estimator.Size];
        var again = new double[estimator.Size];
        estimator.Estimate(samples, samples.Count, whole);
        estimator.Estimate(samples, samples.Count, again);
        Assert.Equal(whole, again);

        // The chunked mean equals mean(score * r) computed in closed form from the same samples.
        double[] closedForm = new double[estimator.Size];
        for (int i = 0; i < samples.Count; i++)
        {
            double[] g = PerSample(samples.Observations.AsSpan(i * 3, 3), samples.Actions[i]);
            for (int k = 0; k < g.Length; k++)
            {
                closedForm[k] += g[k] / samples.Count;
            }
        }

        for (int k = 0; k < closedForm.Length; k++)
        {
            Assert.Equal(closedForm[k], whole[k], 1e-10);
        }
    }

    /// <summary>An estimator of PPO's surrogate for the linear policy (w, b, log sigma) in fp64, advantages not normalised.</summary>
    private static (PolicyGradientEstimator<double> Estimator, ActorCritic<double> Networks) Bandit()
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm("ppo");
        TrainConfig config = defaults with
        {
            Precision = NumericPrecision.Fp64,
            Policy = defaults.Policy with { Hidden = [] },
            Rollout = defaults.Rollout with { NormalizeAdvantages = false },
        };
        var tape = new Tape<double>();
        var networks = new ActorCritic<double>(config, tape, new BoxSpace([-100.0], [100.0]), 3, withValue: false, new KernelRandom(1));
        IPolicyObjective<double> objective = AlgorithmRegistry.Get("ppo").Objective.Create(config, tape, new KlPenalty(config.Surrogate.KlBeta));
        var estimator = new PolicyGradientEstimator<double>(config, networks, objective);
        IReadOnlyList<NamedParameter<double>> parameters = estimator.PolicyParameters;
        Assert.Equal(["weight", "bias", "log_std"], parameters.Select(p => p.Name.Split('.')[^1]));
        parameters[0].Tensor.SetValues(W);
        parameters[1].Tensor.SetValues([B]);
        parameters[2].Tensor.SetValues([Math.Log(Sigma)]);
        return (estimator, networks);
    }

    /// <summary>n bandit samples with the reward as advantage and the policy's own log-probs and (mu, sigma).</summary>
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
            double a = mu + (Sigma * epsilon);
            buffer.Actions[i] = a;
            buffer.LogProbs[i] = (-0.5 * epsilon * epsilon) - Math.Log(Sigma) - (0.5 * Math.Log(2 * Math.PI));
            buffer.OldPolicy[2 * i] = mu;
            buffer.OldPolicy[(2 * i) + 1] = Sigma;
            buffer.Advantages[i] = -(a - Target) * (a - Target);
        }

        return buffer;
    }

    private static double Mean(ReadOnlySpan<double> s) => (W[0] * s[0]) + (W[1] * s[1]) + (W[2] * s[2]) + B;

    /// <summary>r grad log pi(a|s) in (w, b, log sigma), in closed form.</summary>
    private static double[] PerSample(ReadOnlySpan<double> s, double a)
    {
        double z = (a - Mean(s)) / Sigma;
        double r = -(a - Target) * (a - Target);
        double dMean = z / Sigma;
        return [r * dMean * s[0], r * dMean * s[1], r * dMean * s[2], r * dMean, r * ((z * z) - 1)];
    }

    /// <summary>tr((I - g g^T / |g|^2) Sigma) with Sigma the per-sample gradients' covariance, from <paramref name="count"/> samples.</summary>
    private static double PerpendicularTrace(double[] exact, KernelRandom random, int count)
    {
        RolloutBuffer samples = Samples(count, random);
        int d = exact.Length;
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

        double squared = exact.Sum(x => x * x);
        double trace = 0, along = 0;
        for (int j = 0; j < d; j++)
        {
            trace += second[j, j] - (mean[j] * mean[j]);
            for (int k = 0; k < d; k++)
            {
                along += exact[j] * (second[j, k] - (mean[j] * mean[k])) * exact[k] / squared;
            }
        }

        return trace - along;
    }
}
