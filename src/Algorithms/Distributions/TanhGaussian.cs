using Kernel.Envs;

namespace Kernel.Algorithms.Distributions;

/// <summary>
/// A tanh-squashed diagonal Gaussian scaled to a finite action box (Haarnoja et al. 2018; paper 000 eq 5):
/// u ~ N(mu, diag(sigma^2)) with mu = f(s) + c, and a_i = center_i + half_width_i * tanh(u_i). By change of variables
/// <code>
/// log pi(a|s) = log N(u | mu, sigma) - sum_i [ log(1 - tanh(u_i)^2) + log half_width_i ],
/// log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u))      (the stable form, default)
/// </code>
/// Log-probs are taken at the pre-squash sample u, which the rollout stores (recovering u = atanh(a) from a saturated a
/// is ill-conditioned). Thread-safety: immutable after construction.
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public sealed class TanhGaussian<T> : IBoxGaussian<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly double[] center;
    private readonly double[] halfWidth;
    private readonly double logHalfWidthSum;

    /// <summary>Creates the policy head for the finite box [low, high] (m = low.Length coordinates).</summary>
    /// <param name="low">Finite lower bounds, m entries.</param>
    /// <param name="high">Finite upper bounds, m entries, high &gt; low.</param>
    /// <param name="options">The options; null for the defaults.</param>
    public TanhGaussian(ReadOnlySpan<double> low, ReadOnlySpan<double> high, TanhGaussianOptions? options = null)
    {
        Options = options ?? new TanhGaussianOptions();
        Options.Validate();
        GaussianMath.CheckBox(low, high);
        center = new double[low.Length];
        halfWidth = new double[low.Length];
        for (int i = 0; i < low.Length; i++)
        {
            if (!double.IsFinite(low[i]) || !double.IsFinite(high[i]) || !(high[i] > low[i]))
            {
                throw new ArgumentException($"coordinate {i}: [{low[i]}, {high[i]}]; a tanh-squashed policy needs finite bounds with high > low.", nameof(low));
            }

            center[i] = (high[i] + low[i]) / 2;
            halfWidth[i] = (high[i] - low[i]) / 2;
            logHalfWidthSum += Math.Log(halfWidth[i]);
        }
    }

    /// <summary>Creates the policy head for a finite Box action space.</summary>
    public TanhGaussian(BoxSpace actionSpace, TanhGaussianOptions? options = null)
        : this((actionSpace ?? throw new ArgumentNullException(nameof(actionSpace))).Low, actionSpace.High, options)
    {
    }

    /// <summary>The options this head was built with.</summary>
    public TanhGaussianOptions Options { get; }

    /// <summary>The action dimension m.</summary>
    public int ActionDim => center.Length;

    /// <summary>The std parameter value that gives sigma (see <see cref="DiagonalGaussian{T}.StdParameterFor"/>).</summary>
    public double StdParameterFor(double std) => GaussianMath.ParameterFor(std, Options.Std, Options.SoftplusOffset);

    /// <summary>The pre-squash Gaussian: mean f + c and sigma from its parameter, each [batch, m].</summary>
    /// <param name="networkMean">f(s), [batch, m].</param>
    /// <param name="stdParameter">log_std or rho: [m] (state-independent) or [batch, m].</param>
    public GaussianParameters<T> Parameters(Tensor<T> networkMean, Tensor<T> stdParameter)
    {
        GaussianMath.CheckMean(networkMean, nameof(networkMean), ActionDim);
        Tensor<T> mean = Options.MeanShift == 0 ? networkMean : networkMean.AddScalar(T.CreateTruncating(Options.MeanShift), DistributionLabels.Mean);
        (Tensor<T> std, Tensor<T> logStd) = GaussianMath.Std(stdParameter, nameof(stdParameter), networkMean.Rows, ActionDim, Options.Std, Options.SoftplusOffset, Options.StdLowerBound);
        return new GaussianParameters<T>(mean, mean, std, logStd);
    }

    /// <summary>
    /// log pi(a|s) per row for a = center + half_width * tanh(u): log N(u | mu, sigma) - sum_i log(1 - tanh(u_i)^2) -
    /// sum_i log half_width_i, [batch].
    /// </summary>
    /// <param name="distribution">From <see cref="Parameters"/>.</param>
    /// <param name="preSquash">The stored pre-squash samples u, [batch, m].</param>
    /// <param name="label">Label of the result (default "logp_new").</param>
    public Tensor<T> LogProb(in GaussianParameters<T> distribution, Tensor<T> preSquash, string? label = DistributionLabels.LogpNew)
    {
        Tensor<T> gaussian = GaussianMath.LogDensity(distribution, preSquash, nameof(preSquash), label: null);
        Tensor<T> logDet = LogOneMinusTanhSquared(preSquash).Sum(axis: 1);
        return gaussian.Subtract(logDet).AddScalar(T.CreateTruncating(-logHalfWidthSum), label);
    }

    /// <summary>
    /// log(1 - tanh(u)^2) elementwise, [batch, m], per <see cref="TanhGaussianOptions.LogDet"/>: stable
    /// 2 (log 2 - u - softplus(-2u)), or naive log(1 - tanh(u)^2).
    /// </summary>
    public Tensor<T> LogOneMinusTanhSquared(Tensor<T> preSquash)
    {
        if (Options.LogDet == TanhLogDetMode.Naive)
        {
            return preSquash.Tanh().Square().Negate().AddScalar(T.One).Log();
        }

        return GaussianFunctions.LogOneMinusTanhSquared(preSquash);
    }

    /// <summary>
    /// Entropy of the pre-squash Gaussian, sum_i log sigma_i + (m/2)(1 + log(2 pi)), [batch]. The squashed
    /// distribution's entropy has no closed form; estimate it with -mean(log pi) over samples if needed.
    /// </summary>
    public Tensor<T> BaseEntropy(in GaussianParameters<T> distribution, string? label = DistributionLabels.Entropy)
        => GaussianMath.Entropy(distribution, label);

    /// <inheritdoc/>
    Tensor<T> IBoxGaussian<T>.Entropy(in GaussianParameters<T> distribution, string? label) => BaseEntropy(distribution, label);

    /// <summary>
    /// Analytic KL(old || new) per state, old detached. The same bijection squashes both policies and KL is invariant
    /// under it, so this is exactly the pre-squash Gaussians' KL, [batch].
    /// </summary>
    public Tensor<T> Kl(in GaussianParameters<T> old, in GaussianParameters<T> current, string? label = DistributionLabels.Kl)
        => GaussianMath.Kl(old, current, label);

    /// <summary>a = center + half_width * tanh(u) elementwise, [batch * m] (the deterministic action of a pre-squash mean).</summary>
    public void Squash(ReadOnlySpan<T> preSquash, Span<double> envActions)
    {
        int m = ActionDim;
        for (int k = 0; k < preSquash.Length; k++)
        {
            envActions[k] = center[k % m] + (halfWidth[k % m] * Math.Tanh(double.CreateTruncating(preSquash[k])));
        }
    }

    /// <summary>
    /// Draws u = mu + sigma * z (z from <see cref="KernelRandom.Normal"/>, row-major) and a = center + half_width * tanh(u).
    /// </summary>
    /// <param name="mean">Pre-squash mean values, [batch * m].</param>
    /// <param name="std">sigma values &gt;= 0, [m] (shared) or [batch * m].</param>
    /// <param name="random">The stream to draw from.</param>
    /// <param name="preSquash">Receives u (store it for the log-prob), [batch * m].</param>
    /// <param name="envActions">Receives a, inside the box, [batch * m].</param>
    public void Sample(ReadOnlySpan<T> mean, ReadOnlySpan<T> std, KernelRandom random, Span<double> preSquash, Span<double> envActions)
    {
        ArgumentNullException.ThrowIfNull(random);
        int m = ActionDim;
        GaussianMath.CheckSampleSpans(mean.Length, nameof(mean), std.Length, nameof(std), m, preSquash.Length, nameof(preSquash), envActions.Length, nameof(envActions));
        bool sharedStd = std.Length == m;
        for (int k = 0; k < mean.Length; k++)
        {
            int i = k % m;
            double u = double.CreateTruncating(mean[k]) + (GaussianMath.SampleStd(std, sharedStd ? i : k) * random.Normal());
            preSquash[k] = u;
            envActions[k] = center[i] + (halfWidth[i] * Math.Tanh(u));
        }
    }

    /// <inheritdoc/>
    Tensor<T> IBoxGaussian<T>.LogProb(in GaussianParameters<T> distribution, Tensor<T> storedActions, string? label)
        => LogProb(distribution, storedActions, label);

    /// <inheritdoc/>
    void IBoxGaussian<T>.SampleStored(ReadOnlySpan<T> mean, ReadOnlySpan<T> std, KernelRandom random, Span<double> envActions, Span<double> storedActions)
        => Sample(mean, std, random, storedActions, envActions);
}
