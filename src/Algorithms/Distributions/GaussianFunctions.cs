namespace Kernel.Algorithms.Distributions;

/// <summary>
/// The diagonal Gaussian as functions on tensors, no policy object needed (torch.distributions.Normal with a sum
/// over the last axis): log-density, entropy, KL with gradients to both arguments, and the tanh-squashed log-density
/// with its stable log-determinant. A mean is a vector [m] (one distribution: scalar results) or a matrix
/// [batch, m] (one per row: [batch] results); log sigma is [m] (shared by every row) or the mean's shape. The policy
/// heads (<see cref="DiagonalGaussian{T}"/>, <see cref="TanhGaussian{T}"/>) compute with these formulas.
/// Stateless; thread-safety as the tensors' tape.
/// </summary>
public static class GaussianFunctions
{
    /// <summary>log(2 pi).</summary>
    internal static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private static readonly double LogTwo = Math.Log(2);

    /// <summary>
    /// log N(x | mu, diag(sigma^2)) = -1/2 sum_i ((x_i - mu_i)/sigma_i)^2 - sum_i log sigma_i - (m/2) log(2 pi),
    /// computed in log space (sigma = exp(log sigma) never divides a squared value).
    /// </summary>
    /// <param name="mean">mu, [m] or [batch, m].</param>
    /// <param name="logStd">log sigma, [m] or mu's shape.</param>
    /// <param name="x">The point, mu's shape.</param>
    /// <param name="label">Label of the result.</param>
    /// <returns>A scalar for a vector mean, else [batch].</returns>
    public static Tensor<T> LogProb<T>(Tensor<T> mean, Tensor<T> logStd, Tensor<T> x, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Tensor<T> mu, Tensor<T> ls, bool single) = AsRows(mean, logStd, nameof(mean), nameof(logStd));
        Tensor<T> point = AsRowsLike(x, mean, nameof(x));
        Tensor<T> logp = LogDensity(mu, ls.Exp(), ls, point, single ? null : label);
        return single ? logp.Reshape(Shape.Scalar, label) : logp;
    }

    /// <summary>Entropy H = sum_i log sigma_i + (m/2)(1 + log(2 pi)): a scalar for log sigma [m], [batch] for [batch, m].</summary>
    public static Tensor<T> Entropy<T>(Tensor<T> logStd, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T constant = T.CreateTruncating(0.5 * logStd.Columns * (1 + LogTwoPi));
        return logStd.Shape.Rank switch
        {
            1 => logStd.Sum().AddScalar(constant, label),
            2 => EntropyOfRows(logStd, label),
            _ => throw new ArgumentException($"logStd has shape {logStd.Shape}; it must be [m] or [batch, m].", nameof(logStd)),
        };
    }

    /// <summary>
    /// KL(p || q) = sum_i [log sigma_q,i - log sigma_p,i + ((sigma_p,i / sigma_q,i)^2 + ((mu_p,i - mu_q,i) / sigma_q,i)^2) / 2 - 1/2],
    /// with gradients to all four arguments (detach p yourself for the usual KL(old || new) penalty).
    /// </summary>
    /// <returns>A scalar for vector means, else [batch].</returns>
    public static Tensor<T> Kl<T>(Tensor<T> meanP, Tensor<T> logStdP, Tensor<T> meanQ, Tensor<T> logStdQ, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (meanP.Shape != meanQ.Shape)
        {
            throw new ArgumentException($"meanP has shape {meanP.Shape} and meanQ {meanQ.Shape}; they must match.", nameof(meanQ));
        }

        (Tensor<T> muP, Tensor<T> lsP, bool single) = AsRows(meanP, logStdP, nameof(meanP), nameof(logStdP));
        (Tensor<T> muQ, Tensor<T> lsQ, _) = AsRows(meanQ, logStdQ, nameof(meanQ), nameof(logStdQ));
        Tensor<T> kl = Divergence(muP, lsP.Exp(), lsP, muQ, lsQ.Exp(), lsQ, single ? null : label);
        return single ? kl.Reshape(Shape.Scalar, label) : kl;
    }

    /// <summary>
    /// The log-density of a = tanh(u) for u ~ N(mu, diag(sigma^2)), at the pre-squash point u:
    /// log N(u | mu, sigma) - sum_i log(1 - tanh(u_i)^2), with the log-determinant in the stable form of
    /// <see cref="LogOneMinusTanhSquared{T}"/>. (Scale to a box [low, high] by subtracting sum_i log((high_i - low_i)/2).)
    /// </summary>
    public static Tensor<T> TanhLogProb<T>(Tensor<T> mean, Tensor<T> logStd, Tensor<T> preSquash, string? label = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> gaussian = LogProb(mean, logStd, preSquash);
        Tensor<T> logDet = LogOneMinusTanhSquared(preSquash);
        return gaussian.Subtract(logDet.Shape.Rank == 1 ? logDet.Sum() : logDet.Sum(axis: 1), label);
    }

    /// <summary>
    /// log(1 - tanh(u)^2) elementwise as 2 (log 2 - u - softplus(-2u)): no tanh is rounded to +-1 and no log of 0 is
    /// taken, so it stays finite (about 2 log 2 - 2|u|) wherever that is representable; its derivative is -2 tanh(u).
    /// </summary>
    public static Tensor<T> LogOneMinusTanhSquared<T>(Tensor<T> preSquash)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // NOTE: 1 - tanh(u)^2 = 4 e^{-2u} / (1 + e^{-2u})^2.
        Tensor<T> softplus = preSquash.MultiplyScalar(T.CreateTruncating(-2)).Softplus();
        return preSquash.Add(softplus).Negate().AddScalar(T.CreateTruncating(LogTwo)).MultiplyScalar(T.CreateTruncating(2));
    }

    /// <summary>The log-density per row of [batch, m] tensors with sigma and log sigma both given (the heads' std parameterisations).</summary>
    internal static Tensor<T> LogDensity<T>(Tensor<T> mean, Tensor<T> std, Tensor<T> logStd, Tensor<T> x, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int m = mean.Columns;
        Tensor<T> z = x.Subtract(mean).Divide(std);
        Tensor<T> quadratic = z.Square().Sum(axis: 1, DistributionLabels.SquaredMahalanobis).MultiplyScalar(T.CreateTruncating(-0.5));
        Tensor<T> logDet = logStd.Sum(axis: 1);
        return quadratic.Subtract(logDet).AddScalar(T.CreateTruncating(-0.5 * m * LogTwoPi), label);
    }

    /// <summary>Entropy per row of a [batch, m] log sigma.</summary>
    internal static Tensor<T> EntropyOfRows<T>(Tensor<T> logStd, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => logStd.Sum(axis: 1).AddScalar(T.CreateTruncating(0.5 * logStd.Columns * (1 + LogTwoPi)), label);

    /// <summary>KL(p || q) per row of [batch, m] tensors with sigma and log sigma both given.</summary>
    internal static Tensor<T> Divergence<T>(Tensor<T> meanP, Tensor<T> stdP, Tensor<T> logStdP, Tensor<T> meanQ, Tensor<T> stdQ, Tensor<T> logStdQ, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // NOTE: (sigma_p / sigma_q)^2 and ((mu_p - mu_q) / sigma_q)^2 are formed as squared quotients rather than as
        // sigma_p^2 / sigma_q^2, so tiny or huge sigmas do not overflow or underflow before the division.
        Tensor<T> stdRatio = stdP.Divide(stdQ);
        Tensor<T> z = meanP.Subtract(meanQ).Divide(stdQ);
        Tensor<T> perDim = logStdQ.Subtract(logStdP)
            .Add(stdRatio.Square().Add(z.Square()).MultiplyScalar(T.CreateTruncating(0.5)))
            .AddScalar(T.CreateTruncating(-0.5));
        return perDim.Sum(axis: 1, label);
    }

    /// <summary>mu as [rows, m] and log sigma broadcast to it; whether mu was one vector.</summary>
    private static (Tensor<T> Mean, Tensor<T> LogStd, bool Single) AsRows<T>(Tensor<T> mean, Tensor<T> logStd, string meanName, string logStdName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (mean.Shape.Rank == 0)
        {
            throw new ArgumentException($"{meanName} is a scalar; it must be [m] or [batch, m].", meanName);
        }

        bool single = mean.Shape.Rank == 1;
        int m = mean.Columns;
        Tensor<T> mu = single ? mean.Reshape(Shape.Matrix(1, m)) : mean;
        Tensor<T> ls;
        if (logStd.Shape == Shape.Vector(m))
        {
            ls = single ? logStd.Reshape(Shape.Matrix(1, m)) : logStd.BroadcastRow(mu.Rows);
        }
        else if (logStd.Shape == mean.Shape)
        {
            ls = single ? logStd.Reshape(Shape.Matrix(1, m)) : logStd;
        }
        else
        {
            throw new ArgumentException($"{logStdName} has shape {logStd.Shape}; it must be [{m}] or {meanName}'s shape {mean.Shape}.", logStdName);
        }

        return (mu, ls, single);
    }

    private static Tensor<T> AsRowsLike<T>(Tensor<T> x, Tensor<T> mean, string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Shape != mean.Shape)
        {
            throw new ArgumentException($"{name} has shape {x.Shape}; it must match the mean's, {mean.Shape}.", name);
        }

        return x.Shape.Rank == 1 ? x.Reshape(Shape.Matrix(1, x.Length)) : x;
    }
}
