using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// One natural-gradient policy step on a batch (004 section 4.3, Algorithm 5; 003): the gradient g of the surrogate
/// L(theta) = mean(r A) at theta_old, the direction x ~ F^-1 g by conjugate gradient on Fisher-vector products, the
/// step sqrt(2 delta / x^T F x) x, then TRPO's backtracking line search (mean KL &lt;= delta and L improved, else
/// theta_old exactly) or NPG's step taken as it is. The ratio r is computed as the run chooses (log space or density
/// quotient). Owns its flat vectors: after warm-up a step allocates nothing.
/// Thread-safety: one thread at a time (the policy's tape).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class TrustRegionUpdate<T> : ITrustRegionObjective
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly FisherPolicy<T> batch;
    private readonly FisherPolicy<T> fisherBatch;
    private readonly FisherVectorProduct<T> fisherProduct;
    private readonly ConjugateGradient<T> conjugateGradient;
    private readonly TrustRegionOptions options;
    private readonly LineSearchOptions lineSearchOptions;
    private readonly RatioMode ratioMode;
    private readonly bool lineSearch;
    private readonly T[] gradient;
    private readonly T[] direction;
    private readonly T[] curvatureProduct;
    private readonly T[] start;
    private readonly T[] trial;
    private T[] logProbsOld = [];
    private T[] advantages = [];
    private double[] logRatios = [];
    private int rows;

    /// <summary>A step for <paramref name="batch"/>'s policy.</summary>
    /// <param name="batch">The policy; its batch is set by <see cref="Step"/>.</param>
    /// <param name="fisherBatch">The same policy for the Fisher-vector products (its own batch, possibly subsampled); may be <paramref name="batch"/>.</param>
    /// <param name="options">delta, CG and line-search settings (validated).</param>
    /// <param name="ratioMode">How r = pi_new / pi_old is computed in the surrogate.</param>
    /// <param name="lineSearch">TRPO (true) or NPG (false).</param>
    public TrustRegionUpdate(FisherPolicy<T> batch, FisherPolicy<T> fisherBatch, TrustRegionOptions options, RatioMode ratioMode, bool lineSearch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(fisherBatch);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (batch.Tape != fisherBatch.Tape || batch.Head != fisherBatch.Head)
        {
            throw new ArgumentException("fisherBatch must wrap the same policy (tape and head) as batch.", nameof(fisherBatch));
        }

        this.batch = batch;
        this.fisherBatch = fisherBatch;
        this.options = options;
        this.ratioMode = ratioMode;
        this.lineSearch = lineSearch;
        lineSearchOptions = new LineSearchOptions { MaxKl = options.MaxKl, MaxSteps = options.LineSearchSteps, Shrink = options.LineSearchShrink };
        fisherProduct = new FisherVectorProduct<T>(fisherBatch, options.FisherProduct, options.CgDamping);
        int n = fisherProduct.Dimension;
        conjugateGradient = new ConjugateGradient<T>(n, new ConjugateGradientOptions { MaxIterations = options.CgIterations, Tolerance = options.CgTolerance });
        gradient = new T[n];
        direction = new T[n];
        curvatureProduct = new T[n];
        start = new T[n];
        trial = new T[n];
    }

    /// <summary>log r = log pi_new - log pi_old per sample at the parameters the last step left, in fp64.</summary>
    public ReadOnlySpan<double> LogRatios => logRatios.AsSpan(0, rows);

    /// <summary>The largest ratio r at those parameters, in the run's precision (may be +infinity).</summary>
    public double RatioMax { get; private set; } = double.NaN;

    /// <summary>The conjugate-gradient residual norms of the last step.</summary>
    public ReadOnlySpan<double> ResidualHistory => conjugateGradient.ResidualHistory;

    /// <summary>Makes one step on the batch.</summary>
    /// <param name="observations">[rows * in].</param>
    /// <param name="actions">The stored actions [rows * StoredActionSize].</param>
    /// <param name="oldPolicy">The rollout policy per state [rows * OldPolicySize] (the KL's reference).</param>
    /// <param name="logProbsOld">log pi_old of each action [rows].</param>
    /// <param name="advantageValues">A per sample [rows] (normalised by the caller if wanted).</param>
    public TrustRegionOutcome Step(ReadOnlySpan<double> observations, ReadOnlySpan<double> actions, ReadOnlySpan<double> oldPolicy, ReadOnlySpan<double> logProbsOld, ReadOnlySpan<double> advantageValues)
    {
        batch.SetBatch(observations, actions, oldPolicy);
        rows = batch.Rows;
        if (logProbsOld.Length != rows || advantageValues.Length != rows)
        {
            throw new ArgumentException($"logProbsOld ({logProbsOld.Length}) and advantageValues ({advantageValues.Length}) must have one value per state ({rows}).", nameof(advantageValues));
        }

        if (fisherBatch != batch)
        {
            fisherBatch.SetBatch(observations, actions, oldPolicy, options.FisherStride);
        }

        Conversions.Narrow(logProbsOld, ScratchBuffer.Take(ref this.logProbsOld, rows));
        Conversions.Narrow(advantageValues, ScratchBuffer.Take(ref advantages, rows));
        if (logRatios.Length < rows)
        {
            logRatios = new double[rows];
        }

        Tape<T> tape = batch.Tape;
        var parameters = batch.Parameters;
        tape.Reset();
        Tensor<T> loss = SurrogateObjectives.Loss(SurrogateObjectives.UnclippedPerSample(Ratio(batch.Evaluate(), out _), Advantages(tape)));
        tape.ZeroGrad();
        tape.Backward(loss);
        double surrogateBefore = -double.CreateTruncating(loss.Item());
        ParameterVector.CopyGradients(parameters, gradient);
        Elementwise.Negate<T>(gradient, gradient); // ascent direction of L = -loss
        double gradNorm = WideVector.Norm<T>(gradient);
        var noSolve = new ConjugateGradientResult(0, ConjugateGradientStop.Converged, 0, 0);
        if (!double.IsFinite(surrogateBefore) || !double.IsFinite(gradNorm))
        {
            return new TrustRegionOutcome(gradNorm, noSolve, double.NaN, null, false,
                !double.IsFinite(surrogateBefore) ? $"surrogate = {surrogateBefore}" : $"surrogate gradient norm = {gradNorm}");
        }

        ParameterVector.CopyValues(parameters, start);
        ConjugateGradientResult cg = conjugateGradient.Solve(fisherProduct, gradient, direction);
        fisherProduct.Apply(direction, curvatureProduct);
        double curvature = WideVector.Dot<T>(direction, curvatureProduct);
        if (!double.IsFinite(curvature) || !double.IsFinite(WideVector.Norm<T>(direction)))
        {
            return new TrustRegionOutcome(gradNorm, cg, curvature, null, false, $"natural direction: x^T F x = {curvature} after {cg.Iterations} CG iterations ({cg.Stop})");
        }

        LineSearchResult? search = null;
        bool stepped = false;
        if (curvature > 0)
        {
            T scale = T.CreateChecked(NaturalStep.Scale(curvature, options.MaxKl));
            Elementwise.MultiplyScalar<T>(direction, scale, direction); // the full step
            if (lineSearch)
            {
                LineSearchResult result = BacktrackingLineSearch.Search<T>(parameters, start, direction, surrogateBefore, this, lineSearchOptions, trial);
                search = result;
                stepped = result.Accepted;
            }
            else
            {
                Elementwise.Add<T>(start, direction, trial);
                ParameterVector.SetValues(parameters, trial);
                stepped = true;
            }
        }

        MeasureRatios();
        ParameterVector.CopyValues(parameters, trial);
        string? failure = null;
        foreach (T value in trial)
        {
            if (!T.IsFinite(value))
            {
                failure = $"a parameter became {value} after the natural step";
                break;
            }
        }

        return new TrustRegionOutcome(gradNorm, cg, curvature, search, stepped, failure);
    }

    /// <inheritdoc />
    (double Surrogate, double MeanKl) ITrustRegionObjective.Evaluate()
    {
        Tape<T> tape = batch.Tape;
        tape.Reset();
        using (tape.NoGrad())
        {
            PolicyEvaluation<T> evaluation = batch.Evaluate();
            double surrogate = -double.CreateTruncating(SurrogateObjectives.Loss(SurrogateObjectives.UnclippedPerSample(Ratio(evaluation, out _), Advantages(tape))).Item());
            double meanKl = double.CreateTruncating(batch.Kl(evaluation).Mean().Item());
            return (double.IsFinite(surrogate) ? surrogate : double.NegativeInfinity, double.IsNaN(meanKl) ? double.PositiveInfinity : meanKl);
        }
    }

    /// <summary>log r per sample and the largest r at the current parameters.</summary>
    private void MeasureRatios()
    {
        Tape<T> tape = batch.Tape;
        tape.Reset();
        using (tape.NoGrad())
        {
            Tensor<T> ratio = Ratio(batch.Evaluate(), out Tensor<T> logRatio);
            Conversions.Widen(logRatio.Values, logRatios.AsSpan(0, rows));
            double max = double.NegativeInfinity;
            foreach (T r in ratio.Values)
            {
                max = double.Max(max, double.CreateTruncating(r));
            }

            RatioMax = max;
        }
    }

    private Tensor<T> Ratio(in PolicyEvaluation<T> evaluation, out Tensor<T> logRatio)
    {
        Tensor<T> old = batch.Tape.Constant(Shape.Vector(rows), logProbsOld.AsSpan(0, rows), DistributionLabels.LogpOld);
        logRatio = evaluation.LogProb.Subtract(old, "log_ratio");
        return ProbabilityRatio.Compute(evaluation.LogProb, old, ratioMode);
    }

    private Tensor<T> Advantages(Tape<T> tape) => tape.Constant(Shape.Vector(rows), advantages.AsSpan(0, rows), "advantage");
}
