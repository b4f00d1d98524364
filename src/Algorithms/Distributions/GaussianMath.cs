namespace Kernel.Algorithms.Distributions;

/// <summary>The Gaussian policies' side of <see cref="GaussianFunctions"/>: sigma from its parameter, and the formulas on <see cref="GaussianParameters{T}"/>.</summary>
internal static class GaussianMath
{
    /// <summary>Refuses action bounds whose lengths differ or are zero (the box's own checks are each distribution's).</summary>
    internal static void CheckBox(ReadOnlySpan<double> low, ReadOnlySpan<double> high)
    {
        if (low.Length != high.Length || low.Length == 0)
        {
            throw new ArgumentException($"low has {low.Length} coordinates and high {high.Length}; they must match and be at least 1.", nameof(high));
        }
    }

    /// <summary>
    /// sigma and log sigma as [rows, m] from a parameter of shape [m] (state-independent, broadcast over the rows) or
    /// [rows, m] (state-dependent). log_std: log sigma = p (or max(p, log b) with a bound b), sigma = exp(log sigma).
    /// Softplus: sigma = softplus(p) + c0 (then max(sigma, b)), log sigma = log(sigma). A wrong shape is reported as
    /// the caller's argument <paramref name="name"/>.
    /// </summary>
    internal static (Tensor<T> Std, Tensor<T> LogStd) Std<T>(
        Tensor<T> parameter, string name, int rows, int actionDim, StdParameterization parameterization, double softplusOffset, double? lowerBound)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool isRow = parameter.Shape.Rank <= 1 || (parameter.Rows == 1 && rows != 1);
        if (isRow ? parameter.Length != actionDim : parameter.Rows != rows || parameter.Columns != actionDim)
        {
            throw new ArgumentException(
                $"{name} has shape {parameter.Shape}; it must be [{actionDim}] (state-independent) or [{rows}, {actionDim}] (one row per state).",
                name);
        }

        Tensor<T> p = isRow ? (parameter.Shape.Rank == 2 ? parameter.Reshape(Shape.Vector(actionDim)) : parameter) : parameter;
        T infinity = T.PositiveInfinity;
        Tensor<T> std;
        Tensor<T> logStd;
        if (parameterization == StdParameterization.LogStd)
        {
            // NOTE: the bound is applied to log sigma (as rllab does), so sigma = exp(max(p, log b)) >= b up to rounding.
            logStd = lowerBound is { } b ? p.Clamp(T.CreateTruncating(Math.Log(b)), infinity) : p;
            std = logStd.Exp();
        }
        else
        {
            std = p.Softplus().AddScalar(T.CreateTruncating(softplusOffset));
            if (lowerBound is { } b)
            {
                std = std.Clamp(T.CreateTruncating(b), infinity);
            }

            logStd = std.Log();
        }

        if (isRow)
        {
            std = std.BroadcastRow(rows);
            logStd = logStd.BroadcastRow(rows);
        }

        return (std.Labeled(DistributionLabels.Std), logStd);
    }

    /// <summary>
    /// log N(x | mu, diag(sigma^2)) per row, in log space (DESIGN):
    /// -1/2 sum_i ((x_i - mu_i)/sigma_i)^2 - sum_i log sigma_i - (m/2) log(2 pi), [batch, m] -> [batch].
    /// </summary>
    internal static Tensor<T> LogDensity<T>(in GaussianParameters<T> p, Tensor<T> x, string xName, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Shape != p.Mean.Shape)
        {
            throw new ArgumentException($"{xName} has shape {x.Shape}; it must match the policy's mean, {p.Mean.Shape}.", xName);
        }

        return GaussianFunctions.LogDensity(p.Mean, p.Std, p.LogStd, x, label);
    }

    /// <summary>H = sum_i log sigma_i + (m/2)(1 + log(2 pi)) per row, [batch].</summary>
    internal static Tensor<T> Entropy<T>(in GaussianParameters<T> p, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => GaussianFunctions.EntropyOfRows(p.LogStd, label);

    /// <summary>
    /// KL(old || new) per row with old detached (a constant):
    /// sum_i [log sigma_new,i - log sigma_old,i + (sigma_old,i^2 + (mu_old,i - mu_new,i)^2) / (2 sigma_new,i^2) - 1/2], [batch].
    /// </summary>
    internal static Tensor<T> Kl<T>(in GaussianParameters<T> old, in GaussianParameters<T> current, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (old.Mean.Shape != current.Mean.Shape)
        {
            throw new ArgumentException($"the old policy has shape {old.Mean.Shape} and the new one {current.Mean.Shape}; they must match (the same states and actions).", nameof(old));
        }

        Tape<T> tape = current.Mean.Tape;
        Tensor<T> oldMean = tape.Detach(old.Mean);
        Tensor<T> oldStd = tape.Detach(old.Std);
        Tensor<T> oldLogStd = tape.Detach(old.LogStd);
        return GaussianFunctions.Divergence(oldMean, oldStd, oldLogStd, current.Mean, current.Std, current.LogStd, label);
    }

    /// <summary>
    /// The parameter value that gives std <paramref name="std"/>: log(std) for log_std, softplus^-1(std - c0) =
    /// log(exp(std - c0) - 1) for softplus (requires std &gt; c0).
    /// </summary>
    internal static double ParameterFor(double std, StdParameterization parameterization, double softplusOffset)
    {
        if (!(std > 0) || double.IsInfinity(std))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "std must be finite and > 0.");
        }

        if (parameterization == StdParameterization.LogStd)
        {
            return Math.Log(std);
        }

        double y = std - softplusOffset;
        if (!(y > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, $"with sigma = softplus(rho) + c0 the std must exceed c0 = {softplusOffset}.");
        }

        // NOTE: log(exp(y) - 1) overflows for y > 709, and exp(y) - 1 cancels to 0 for tiny y. Above 1 the same value
        // is y + log(1 - exp(-y)); below, exp(y) - 1 = 2 sinh(y/2) exp(y/2) has no cancellation.
        return y > 1 ? y + Math.Log(1 - Math.Exp(-y)) : Math.Log(2 * Math.Sinh(y / 2) * Math.Exp(y / 2));
    }

    /// <summary>
    /// Checks the spans of a host-side draw: mean [batch * m], std [m] (shared) or [batch * m], and two outputs of
    /// the mean's length, named <paramref name="firstName"/> and <paramref name="secondName"/> in errors (the mean and
    /// std as <paramref name="meanName"/> and <paramref name="stdName"/>).
    /// </summary>
    internal static void CheckSampleSpans(int meanLength, string meanName, int stdLength, string stdName, int m, int firstLength, string firstName, int secondLength, string secondName)
    {
        if (meanLength % m != 0)
        {
            throw new ArgumentException($"{meanName} has {meanLength} values, not a multiple of the action dimension {m}.", meanName);
        }

        if (stdLength != m && stdLength != meanLength)
        {
            throw new ArgumentException($"{stdName} has {stdLength} values; it must have {m} (shared by every row) or {meanLength} (one per mean value).", stdName);
        }

        if (firstLength != meanLength)
        {
            throw new ArgumentException($"{firstName} has {firstLength} values; it needs {meanLength}, one per mean value.", firstName);
        }

        if (secondLength != meanLength)
        {
            throw new ArgumentException($"{secondName} has {secondLength} values; it needs {meanLength}, one per mean value.", secondName);
        }
    }

    /// <summary>sigma for entry <paramref name="k"/> of a draw, widened to fp64; a negative sigma is bad input.</summary>
    internal static double SampleStd<T>(ReadOnlySpan<T> std, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sigma = double.CreateTruncating(std[k]);
        if (sigma < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(std), sigma, $"entry {k}: a standard deviation must be >= 0.");
        }

        return sigma;
    }

    /// <summary>Checks that a network mean is a [rows, m] matrix; errors name the caller's argument <paramref name="name"/>.</summary>
    internal static void CheckMean<T>(Tensor<T> mean, string name, int actionDim)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (mean.Shape.Rank != 2 || mean.Columns != actionDim)
        {
            throw new ArgumentException($"{name} has shape {mean.Shape}; it must be a [batch, {actionDim}] matrix.", name);
        }
    }
}
