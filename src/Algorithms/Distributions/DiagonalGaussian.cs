using Kernel.Envs;

namespace Kernel.Algorithms.Distributions;

/// <summary>
/// A diagonal Gaussian policy over a box action space, with every option of DESIGN "Policies and losses":
/// <list type="bullet">
/// <item>mu(s) = g(f(s) + c): network mean f [batch, m], constant shift c (<see cref="GaussianOptions.MeanShift"/>,
/// paper 000 A.2), transform g none | clip to the box | tanh scaled to the box (000 Table 1);</item>
/// <item>sigma = exp(log_std) or softplus(rho) + c0 (000 A.3), optionally bounded below (000 Table 5), from a
/// state-independent parameter [m] or a state-dependent tensor [batch, m];</item>
/// <item>log pi(a|s) = -1/2 sum_i ((a_i - mu_i)/sigma_i)^2 - sum_i log sigma_i - (m/2) log(2 pi), per row, in log space;</item>
/// <item>actions a ~ N(mu, sigma) drawn on the host; the env receives phi(a) = clip(a, low, high); the log-prob is
/// evaluated at phi(a) (paper 000) or at a (<see cref="GaussianOptions.LogProbAt"/>).</item>
/// </list>
/// Thread-safety: immutable after construction, so one instance may serve several threads, each with its own tape
/// and <see cref="KernelRandom"/>.
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public sealed class DiagonalGaussian<T> : IBoxGaussian<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly double[] low;
    private readonly double[] high;
    private readonly T[] lowT;
    private readonly T[] highT;
    private readonly T[] centerT;
    private readonly T[] halfWidthT;
    private readonly bool uniformBox;
    private readonly bool unitBox;

    /// <summary>Creates the policy head for the action box [low, high] (m = low.Length coordinates).</summary>
    /// <param name="low">Lower bounds, m entries (may be -inf unless the mean transform is Clip or Tanh).</param>
    /// <param name="high">Upper bounds, m entries, high &gt;= low.</param>
    /// <param name="options">The options; null for the defaults.</param>
    public DiagonalGaussian(ReadOnlySpan<double> low, ReadOnlySpan<double> high, GaussianOptions? options = null)
    {
        Options = options ?? new GaussianOptions();
        Options.Validate();
        GaussianMath.CheckBox(low, high);
        int m = low.Length;
        this.low = low.ToArray();
        this.high = high.ToArray();
        lowT = new T[m];
        highT = new T[m];
        centerT = new T[m];
        halfWidthT = new T[m];
        uniformBox = true;
        unitBox = true;
        for (int i = 0; i < m; i++)
        {
            if (double.IsNaN(low[i]) || double.IsNaN(high[i]) || low[i] > high[i])
            {
                throw new ArgumentException($"coordinate {i}: low = {low[i]}, high = {high[i]}; need low <= high, neither NaN.", nameof(low));
            }

            bool finite = double.IsFinite(low[i]) && double.IsFinite(high[i]);
            if (Options.MeanTransform != MeanTransform.None && !finite)
            {
                throw new ArgumentException($"coordinate {i}: the {Options.MeanTransform} mean transform needs a finite box; got [{low[i]}, {high[i]}].", nameof(low));
            }

            lowT[i] = T.CreateTruncating(low[i]);
            highT[i] = T.CreateTruncating(high[i]);
            centerT[i] = finite ? T.CreateTruncating((high[i] + low[i]) / 2) : T.Zero;
            halfWidthT[i] = finite ? T.CreateTruncating((high[i] - low[i]) / 2) : T.One;
            uniformBox &= low[i] == low[0] && high[i] == high[0];
            unitBox &= low[i] == -1 && high[i] == 1;
        }
    }

    /// <summary>Creates the policy head for a Box action space.</summary>
    public DiagonalGaussian(BoxSpace actionSpace, GaussianOptions? options = null)
        : this((actionSpace ?? throw new ArgumentNullException(nameof(actionSpace))).Low, actionSpace.High, options)
    {
    }

    /// <summary>The options this head was built with.</summary>
    public GaussianOptions Options { get; }

    /// <summary>The action dimension m.</summary>
    public int ActionDim => low.Length;

    /// <summary>Lower bounds of the action box, m entries.</summary>
    public ReadOnlySpan<double> Low => low;

    /// <summary>Upper bounds of the action box, m entries.</summary>
    public ReadOnlySpan<double> High => high;

    /// <summary>
    /// The initial value of the std parameter for a wanted sigma: log(sigma) for log_std; softplus^-1(sigma - c0) for
    /// softplus + c0 (sigma must exceed c0). E.g. sigma = 1 with c0 = 0.1 gives rho = log(e^0.9 - 1) = 0.3788.
    /// </summary>
    public double StdParameterFor(double std) => GaussianMath.ParameterFor(std, Options.Std, Options.SoftplusOffset);

    /// <summary>
    /// Builds the distribution from the network's outputs: mean = g(f + c) and sigma from its parameter.
    /// </summary>
    /// <param name="networkMean">f(s), [batch, m].</param>
    /// <param name="stdParameter">log_std or rho: [m] (state-independent) or [batch, m].</param>
    /// <returns>Mean, pre-transform mean f + c, sigma and log sigma, each [batch, m].</returns>
    public GaussianParameters<T> Parameters(Tensor<T> networkMean, Tensor<T> stdParameter)
    {
        GaussianMath.CheckMean(networkMean, nameof(networkMean), ActionDim);
        int rows = networkMean.Rows;
        Tensor<T> shifted = Options.MeanShift == 0 ? networkMean : networkMean.AddScalar(T.CreateTruncating(Options.MeanShift));
        Tensor<T> mean = Options.MeanTransform switch
        {
            MeanTransform.Clip => Clip(shifted, rows),
            MeanTransform.Tanh => Squash(shifted),
            _ => shifted,
        };
        if (mean != networkMean)
        {
            mean.Labeled(DistributionLabels.Mean);
        }

        (Tensor<T> std, Tensor<T> logStd) = GaussianMath.Std(stdParameter, nameof(stdParameter), rows, ActionDim, Options.Std, Options.SoftplusOffset, Options.StdLowerBound);
        return new GaussianParameters<T>(mean, shifted, std, logStd);
    }

    /// <summary>
    /// log pi(a|s) per row in log space: -1/2 sum_i ((a_i - mu_i)/sigma_i)^2 - sum_i log sigma_i - (m/2) log(2 pi).
    /// </summary>
    /// <param name="distribution">From <see cref="Parameters"/>.</param>
    /// <param name="actions">[batch, m]: the stored actions (clipped or raw, as sampled with <see cref="Sample"/>).</param>
    /// <param name="label">Label of the result (default "logp_new").</param>
    /// <returns>[batch].</returns>
    public Tensor<T> LogProb(in GaussianParameters<T> distribution, Tensor<T> actions, string? label = DistributionLabels.LogpNew)
        => GaussianMath.LogDensity(distribution, actions, nameof(actions), label);

    /// <summary>Entropy per row: H = sum_i log sigma_i + (m/2)(1 + log(2 pi)), [batch].</summary>
    public Tensor<T> Entropy(in GaussianParameters<T> distribution, string? label = DistributionLabels.Entropy)
        => GaussianMath.Entropy(distribution, label);

    /// <summary>
    /// Analytic KL(old || new) per state, the old distribution detached (a constant):
    /// sum_i [log(sigma_new,i / sigma_old,i) + (sigma_old,i^2 + (mu_old,i - mu_new,i)^2) / (2 sigma_new,i^2) - 1/2], [batch].
    /// </summary>
    /// <param name="old">The policy that collected the data (e.g. <see cref="GaussianParameters{T}.FromMeanAndStd"/> of stored values).</param>
    /// <param name="current">The policy being optimised.</param>
    /// <param name="label">Label of the result (default "kl").</param>
    public Tensor<T> Kl(in GaussianParameters<T> old, in GaussianParameters<T> current, string? label = DistributionLabels.Kl)
        => GaussianMath.Kl(old, current, label);

    /// <summary>
    /// Draws a ~ N(mu, diag(sigma^2)) on the host for every row: a_i = mu_i + sigma_i * z, z from
    /// <see cref="KernelRandom.Normal"/> in row-major order. Writes phi(a) = clip(a, low, high) for the env and the
    /// action at which the log-prob is to be evaluated (phi(a) or a, per <see cref="GaussianOptions.LogProbAt"/>).
    /// </summary>
    /// <param name="mean">mu values, [batch * m] row-major (e.g. <c>distribution.Mean.Values</c>).</param>
    /// <param name="std">sigma values &gt;= 0, [m] (shared by every row) or [batch * m].</param>
    /// <param name="random">The stream to draw from.</param>
    /// <param name="envActions">Receives phi(a), [batch * m].</param>
    /// <param name="logProbActions">Receives the action to store for the log-prob, [batch * m].</param>
    public void Sample(ReadOnlySpan<T> mean, ReadOnlySpan<T> std, KernelRandom random, Span<double> envActions, Span<double> logProbActions)
    {
        ArgumentNullException.ThrowIfNull(random);
        int m = ActionDim;
        GaussianMath.CheckSampleSpans(mean.Length, nameof(mean), std.Length, nameof(std), m, envActions.Length, nameof(envActions), logProbActions.Length, nameof(logProbActions));
        bool sharedStd = std.Length == m;
        bool atRaw = Options.LogProbAt == LogProbPoint.RawSample;
        for (int k = 0; k < mean.Length; k++)
        {
            int i = k % m;
            double sigma = GaussianMath.SampleStd(std, sharedStd ? i : k);
            double a = double.CreateTruncating(mean[k]) + (sigma * random.Normal());
            double clipped = Math.Clamp(a, low[i], high[i]);
            envActions[k] = clipped;
            logProbActions[k] = atRaw ? a : clipped;
        }
    }

    /// <inheritdoc/>
    Tensor<T> IBoxGaussian<T>.LogProb(in GaussianParameters<T> distribution, Tensor<T> storedActions, string? label)
        => LogProb(distribution, storedActions, label);

    /// <inheritdoc/>
    void IBoxGaussian<T>.SampleStored(ReadOnlySpan<T> mean, ReadOnlySpan<T> std, KernelRandom random, Span<double> envActions, Span<double> storedActions)
        => Sample(mean, std, random, envActions, storedActions);

    /// <summary>
    /// The <c>mean_outside_box</c> diagnostic of DESIGN "Diagnostics per update" for a distribution from
    /// <see cref="Parameters"/>: <see cref="MeanOutsideBox(ReadOnlySpan{T})"/> of its pre-transform mean f(s) + c, so
    /// that a clip or tanh transform does not hide where the network puts the mean.
    /// </summary>
    /// <param name="distribution">From <see cref="Parameters"/> (its values must be on the host).</param>
    public double MeanOutsideBox(in GaussianParameters<T> distribution)
    {
        if (distribution.ActionDim != ActionDim)
        {
            throw new ArgumentException($"the distribution has {distribution.ActionDim} action coordinates; this policy has {ActionDim}.", nameof(distribution));
        }

        return MeanOutsideBox(distribution.PreTransformMean.Values);
    }

    /// <summary>
    /// Max over rows of the Euclidean distance dist(mu(s), A) = ||mu(s) - clip(mu(s), low, high)||_2 (paper 000
    /// Theorem 3.1's d), computed in fp64. An infinite mean inside an unbounded coordinate is at distance 0; NaN
    /// propagates; 0 for an empty batch.
    /// </summary>
    /// <param name="mean">Mean values, [batch * m] row-major.</param>
    public double MeanOutsideBox(ReadOnlySpan<T> mean)
    {
        int m = ActionDim;
        if (mean.Length % m != 0)
        {
            throw new ArgumentException($"mean has {mean.Length} values, not a multiple of the action dimension {m}.", nameof(mean));
        }

        double worst = 0;
        for (int row = 0; row < mean.Length / m; row++)
        {
            double squares = 0;
            for (int i = 0; i < m; i++)
            {
                double mu = double.CreateTruncating(mean[(row * m) + i]);

                // NOTE: not mu - clamp(mu, low, high), which is inf - inf = NaN for mu = high = +inf.
                double d = mu > high[i] ? mu - high[i] : mu < low[i] ? low[i] - mu : double.IsNaN(mu) ? double.NaN : 0;
                squares += d * d;
            }

            double distance = Math.Sqrt(squares);
            worst = double.IsNaN(distance) || double.IsNaN(worst) ? double.NaN : Math.Max(worst, distance);
        }

        return worst;
    }

    /// <summary>clip(x, low, high) per coordinate: one Clamp for a uniform box, else max/min against broadcast bounds.</summary>
    private Tensor<T> Clip(Tensor<T> x, int rows)
    {
        if (uniformBox)
        {
            return x.Clamp(lowT[0], highT[0]);
        }

        Tape<T> tape = x.Tape;
        Shape row = Shape.Vector(ActionDim);

        // The bound goes first so that at a tie the gradient reaches x (Maximum and Minimum route ties to the second argument).
        Tensor<T> lower = tape.Constant(row, lowT).BroadcastRow(rows).Maximum(x);
        return tape.Constant(row, highT).BroadcastRow(rows).Minimum(lower);
    }

    /// <summary>center + half_width * tanh(x) per coordinate.</summary>
    private Tensor<T> Squash(Tensor<T> x)
    {
        Tensor<T> t = x.Tanh();
        if (unitBox)
        {
            return t;
        }

        Tape<T> tape = x.Tape;
        Shape row = Shape.Vector(ActionDim);
        return t.MultiplyRow(tape.Constant(row, halfWidthT)).AddRow(tape.Constant(row, centerT));
    }
}
