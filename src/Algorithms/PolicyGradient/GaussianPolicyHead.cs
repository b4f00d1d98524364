using Kernel.Kernels.Cpu;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Envs;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// A diagonal Gaussian policy head over a box action space: the network outputs the mean f(s) [batch, m]; sigma comes
/// from a state-independent parameter [m] ("log_std", or rho for softplus + c0), initialised to give
/// <c>initialStd</c>; every other option (bound, mean transform and shift, log-prob point) is the
/// <see cref="DiagonalGaussian{T}"/>'s. The old policy is stored per sample as (mu, sigma).
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class GaussianPolicyHead<T> : IPolicyHead<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Tape<T> tape;
    private readonly DiagonalGaussian<T> gaussian;
    private readonly Tensor<T> stdParameter;
    private readonly BoxSpace box;
    private T[] actionScratch = [];
    private T[] meanScratch = [];
    private T[] stdScratch = [];

    /// <summary>Creates the head and its std parameter on <paramref name="tape"/>, every coordinate starting at sigma = <paramref name="initialStd"/>.</summary>
    public GaussianPolicyHead(Tape<T> tape, BoxSpace actionSpace, GaussianOptions options, double initialStd)
        : this(tape, actionSpace, options, [initialStd], broadcast: true)
    {
    }

    /// <summary>Creates the head with one initial sigma per action coordinate (m values, each &gt; 0).</summary>
    public GaussianPolicyHead(Tape<T> tape, BoxSpace actionSpace, GaussianOptions options, ReadOnlySpan<double> initialStd)
        : this(tape, actionSpace, options, initialStd, broadcast: false)
    {
    }

    private GaussianPolicyHead(Tape<T> tape, BoxSpace actionSpace, GaussianOptions options, ReadOnlySpan<double> initialStd, bool broadcast)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(actionSpace);
        this.tape = tape;
        box = actionSpace;
        gaussian = new DiagonalGaussian<T>(actionSpace, options);
        int m = gaussian.ActionDim;
        if (!broadcast && initialStd.Length != m)
        {
            throw new ArgumentException($"initialStd has {initialStd.Length} values; the action space has {m} coordinates.", nameof(initialStd));
        }

        var initial = new T[m];
        for (int i = 0; i < m; i++)
        {
            initial[i] = T.CreateChecked(gaussian.StdParameterFor(initialStd[broadcast ? 0 : i]));
        }

        NamedParameter<T> std = GaussianStdParameter.Create<T>(tape, initial, options.Std);
        stdParameter = std.Tensor;
        Parameters = [std];
    }

    /// <summary>The distribution this head builds.</summary>
    public DiagonalGaussian<T> Distribution => gaussian;

    /// <inheritdoc />
    public int NetworkOutputs => gaussian.ActionDim;

    /// <inheritdoc />
    public int StoredActionSize => gaussian.ActionDim;

    /// <inheritdoc />
    public int OldPolicySize => 2 * gaussian.ActionDim;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <inheritdoc />
    public void Act(Tensor<T> networkOutput, KernelRandom random, Span<double> envActions, Span<double> storedActions, Span<double> logProbs, Span<double> oldPolicy)
    {
        int rows = networkOutput.Rows;
        int m = gaussian.ActionDim;
        GaussianParameters<T> distribution = gaussian.Parameters(networkOutput, stdParameter);
        ReadOnlySpan<T> mean = distribution.Mean.Values;
        ReadOnlySpan<T> std = distribution.Std.Values;
        gaussian.Sample(mean, std, random, envActions, storedActions);

        Span<T> actions = ScratchBuffer.Take(ref actionScratch, rows * m);
        Conversions.Narrow(storedActions, actions);
        Tensor<T> logProb = gaussian.LogProb(distribution, tape.Constant(Shape.Matrix(rows, m), actions), DistributionLabels.LogpOld);
        Conversions.Widen(logProb.Values, logProbs);
        StoredGaussianPolicy.Write(mean, std, rows, m, oldPolicy);
    }

    /// <inheritdoc />
    public void ActDeterministic(Tensor<T> networkOutput, Span<double> envActions)
    {
        ReadOnlySpan<T> mean = gaussian.Parameters(networkOutput, stdParameter).Mean.Values;
        int m = gaussian.ActionDim;
        for (int k = 0; k < mean.Length; k++)
        {
            envActions[k] = Math.Clamp(double.CreateTruncating(mean[k]), box.Low[k % m], box.High[k % m]);
        }
    }

    /// <inheritdoc />
    public PolicyEvaluation<T> Evaluate(Tensor<T> networkOutput, ReadOnlySpan<double> storedActions)
    {
        int rows = networkOutput.Rows;
        int m = gaussian.ActionDim;
        GaussianParameters<T> distribution = gaussian.Parameters(networkOutput, stdParameter);
        Span<T> actions = ScratchBuffer.Take(ref actionScratch, rows * m);
        Conversions.Narrow(storedActions, actions);
        Tensor<T> logProb = gaussian.LogProb(distribution, tape.Constant(Shape.Matrix(rows, m), actions));
        return new PolicyEvaluation<T>(logProb, gaussian.Entropy(distribution), networkOutput, distribution);
    }

    /// <inheritdoc />
    public Tensor<T> Kl(in PolicyEvaluation<T> current, ReadOnlySpan<double> oldPolicy)
        => gaussian.Kl(StoredGaussianPolicy.Read(tape, oldPolicy, current.Output.Rows, gaussian.ActionDim, ref meanScratch, ref stdScratch), current.Gaussian);

    /// <inheritdoc />
    public void WriteOldPolicy(in PolicyEvaluation<T> evaluation, Span<double> oldPolicy)
        => StoredGaussianPolicy.Write(evaluation, gaussian.ActionDim, oldPolicy);

    /// <inheritdoc />
    public void CheckOldPolicy(ReadOnlySpan<double> oldPolicy, string parameterName)
        => StoredGaussianPolicy.Check(oldPolicy, gaussian.ActionDim, parameterName);

    /// <inheritdoc />
    public Tensor<T> FisherCoordinates(in PolicyEvaluation<T> current) => GaussianFisher.Coordinates(current.Gaussian);

    /// <inheritdoc />
    public Tensor<T> ApplyFisherMetric(in PolicyEvaluation<T> current, Tensor<T> tangent) => GaussianFisher.Apply(current.Gaussian, tangent);

    /// <inheritdoc />
    public void Describe(in PolicyEvaluation<T> current, UpdateRecord record)
    {
        record.StdMin = StoredGaussianPolicy.StdMin(current.Gaussian.Std.Values);
        record.MeanOutsideBox = gaussian.MeanOutsideBox(current.Gaussian.PreTransformMean.Values);
    }
}
