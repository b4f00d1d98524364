using Kernel.Algorithms.Distributions;

namespace Kernel.Algorithms.Tests.Distributions;

/// <summary>
/// Independent fp64 closed forms for the Gaussian heads (paper 000 eq 14, appendix A.2/A.3; the standard diagonal
/// Gaussian entropy and KL), written directly from the formulas rather than from the code under test.
/// </summary>
internal static class GaussianReference
{
    /// <summary>sigma from its parameter: exp(max(p, log b)) or max(log(1 + e^p) + c0, b).</summary>
    public static double Std(double parameter, GaussianOptions options)
    {
        double? bound = options.StdLowerBound;
        if (options.Std == StdParameterization.LogStd)
        {
            return Math.Exp(bound is { } b ? Math.Max(parameter, Math.Log(b)) : parameter);
        }

        // softplus(p) = max(p, 0) + log(1 + e^-|p|), which does not overflow for large p.
        double sigma = Math.Max(parameter, 0) + Math.Log(1 + Math.Exp(-Math.Abs(parameter))) + options.SoftplusOffset;
        return bound is { } lower ? Math.Max(sigma, lower) : sigma;
    }

    /// <summary>mu = g(f + c) for coordinate i of the box [low, high].</summary>
    public static double Mean(double networkMean, double low, double high, GaussianOptions options)
    {
        double shifted = networkMean + options.MeanShift;
        return options.MeanTransform switch
        {
            MeanTransform.Clip => Math.Min(Math.Max(shifted, low), high),
            MeanTransform.Tanh => ((high + low) / 2) + ((high - low) / 2 * Math.Tanh(shifted)),
            _ => shifted,
        };
    }

    /// <summary>log N(x | mu, diag(sigma^2)) of one row.</summary>
    public static double LogDensity(ReadOnlySpan<double> x, ReadOnlySpan<double> mean, ReadOnlySpan<double> std)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double z = (x[i] - mean[i]) / std[i];
            sum += (-0.5 * z * z) - Math.Log(std[i]) - (0.5 * Math.Log(2 * Math.PI));
        }

        return sum;
    }

    /// <summary>Entropy of one row: sum_i (1/2) log(2 pi e sigma_i^2).</summary>
    public static double Entropy(ReadOnlySpan<double> std)
    {
        double sum = 0;
        for (int i = 0; i < std.Length; i++)
        {
            sum += 0.5 * Math.Log(2 * Math.PI * Math.E * std[i] * std[i]);
        }

        return sum;
    }

    /// <summary>KL(old || new) of one row: sum_i log(s_n/s_o) + (s_o^2 + (m_o - m_n)^2) / (2 s_n^2) - 1/2.</summary>
    public static double Kl(ReadOnlySpan<double> oldMean, ReadOnlySpan<double> oldStd, ReadOnlySpan<double> mean, ReadOnlySpan<double> std)
    {
        double sum = 0;
        for (int i = 0; i < mean.Length; i++)
        {
            double d = oldMean[i] - mean[i];
            sum += Math.Log(std[i] / oldStd[i]) + (((oldStd[i] * oldStd[i]) + (d * d)) / (2 * std[i] * std[i])) - 0.5;
        }

        return sum;
    }
}
