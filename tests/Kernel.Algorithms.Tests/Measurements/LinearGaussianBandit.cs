using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Measurements;

/// <summary>
/// A linear-Gaussian bandit whose expected reward has a closed-form gradient: state s ~ N(0, I_3), action
/// u ~ N(w.s + b, sigma^2), reward r = -(u - t)^2, so E[r] = -|w|^2 - (b - t)^2 - sigma^2 and the gradient is
/// (-2w, -2(b - t), -2 sigma^2) in (w, b, log sigma). With the reward as the advantage the surrogate gradient at ratio
/// 1 is mean(grad log pi(u|s) r). For a tanh-squashed policy u is the stored pre-squash sample: the squash's log-det
/// has no parameters, so the estimate is the same plain Gaussian score times r.
/// </summary>
internal static class LinearGaussianBandit
{
    public static readonly double[] W = [0.3, -0.2, 0.1];
    public const double B = 0.2;
    public const double Target = 1.0;
    public const double Sigma = 0.5;

    /// <summary>The exact gradient in (w, b, log sigma).</summary>
    public static double[] Exact => [-2 * W[0], -2 * W[1], -2 * W[2], -2 * (B - Target), -2 * Sigma * Sigma];

    /// <summary>The estimator of <paramref name="algorithm"/>'s surrogate at its defaults, for the linear policy (w, b, log sigma) in fp64, advantages not normalised.</summary>
    public static PolicyGradientEstimator<double> Estimator(string algorithm)
    {
        TrainConfig defaults = AlgorithmRegistry.Defaults(algorithm);
        TrainConfig config = defaults with
        {
            Precision = NumericPrecision.Fp64,
            Policy = defaults.Policy with { Hidden = [] },
            Rollout = defaults.Rollout with { NormalizeAdvantages = false },
        };
        var tape = new Tape<double>();
        double bound = config.Policy.Squash ? 1 : 100; // a squashed policy's half-width 1; otherwise a box the samples never reach
        var networks = new ActorCritic<double>(config, tape, new BoxSpace([-bound], [bound]), 3, withValue: false, new KernelRandom(1));
        IPolicyObjective<double> objective = AlgorithmRegistry.Get(algorithm).Objective.Create(config, tape, new KlPenalty(config.Surrogate.KlBeta));
        var estimator = new PolicyGradientEstimator<double>(config, networks, objective);
        IReadOnlyList<NamedParameter<double>> parameters = estimator.PolicyParameters;
        Assert.Equal(["weight", "bias", "log_std"], parameters.Select(p => p.Name.Split('.')[^1]));
        parameters[0].Tensor.SetValues(W);
        parameters[1].Tensor.SetValues([B]);
        parameters[2].Tensor.SetValues([Math.Log(Sigma)]);
        return estimator;
    }

    /// <summary>n samples with the reward as advantage, the stored action u, its log-prob (squashed: the Gaussian's minus log(1 - tanh(u)^2)) and (mu, sigma).</summary>
    public static RolloutBuffer Samples(int n, KernelRandom random, bool squashed)
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
            buffer.LogProbs[i] = (-0.5 * epsilon * epsilon) - Math.Log(Sigma) - (0.5 * Math.Log(2 * Math.PI)) - (squashed ? Math.Log(1 - (tanh * tanh)) : 0);
            buffer.OldPolicy[2 * i] = mu;
            buffer.OldPolicy[(2 * i) + 1] = Sigma;
            buffer.Advantages[i] = -(u - Target) * (u - Target);
        }

        return buffer;
    }

    /// <summary>r grad log pi(u|s) in (w, b, log sigma), in closed form.</summary>
    public static double[] PerSample(ReadOnlySpan<double> s, double u)
    {
        double z = (u - Mean(s)) / Sigma;
        double r = -(u - Target) * (u - Target);
        double dMean = z / Sigma;
        return [r * dMean * s[0], r * dMean * s[1], r * dMean * s[2], r * dMean, r * ((z * z) - 1)];
    }

    /// <summary>The covariance of the per-sample gradients, from <paramref name="count"/> samples.</summary>
    public static double[,] Covariance(KernelRandom random, int count, bool squashed)
    {
        RolloutBuffer samples = Samples(count, random, squashed);
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

    /// <summary>tr((I - g g^T / |g|^2) C): with it E[1 - cos(g_N, g)] = tr(...) / (2 N |g|^2) to leading order.</summary>
    public static double PerpendicularTrace(double[] exact, double[,] covariance)
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

    private static double Mean(ReadOnlySpan<double> s) => (W[0] * s[0]) + (W[1] * s[1]) + (W[2] * s[2]) + B;
}
