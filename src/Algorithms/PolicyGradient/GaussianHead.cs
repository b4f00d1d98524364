using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// What the two Gaussian heads share: a state-independent std parameter, actions sampled and stored per coordinate
/// (m numbers), the old policy stored as (mu, sigma) before any squashing, the analytic KL, the Fisher metric of
/// (mu, sigma) and std_min. The distribution (<see cref="IBoxGaussian{T}"/>) says how it is built, sampled and
/// scored; <see cref="GaussianPolicyHead{T}"/> (clipped or transformed Gaussian) and
/// <see cref="TanhGaussianPolicyHead{T}"/> (tanh-squashed) say how the deterministic action is taken.
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public abstract class GaussianHead<T> : IPolicyHead<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Tape<T> tape;
    private readonly IBoxGaussian<T> gaussian;
    private readonly int actionDim;
    private T[] actionScratch = [];
    private T[] meanScratch = [];
    private T[] stdScratch = [];

    /// <summary>Creates the shared part of a head of <paramref name="gaussian"/> and its std parameter.</summary>
    private protected GaussianHead(Tape<T> tape, IBoxGaussian<T> gaussian, NamedParameter<T> std)
    {
        this.tape = tape;
        this.gaussian = gaussian;
        actionDim = gaussian.ActionDim;
        StdParameter = std.Tensor;
        Parameters = [std];
    }

    /// <inheritdoc />
    public int NetworkOutputs => actionDim;

    /// <inheritdoc />
    public int StoredActionSize => actionDim;

    /// <inheritdoc />
    public int OldPolicySize => 2 * actionDim;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>The std parameter (log_std, or rho for softplus + c0), [m].</summary>
    private protected Tensor<T> StdParameter { get; }

    /// <inheritdoc />
    public void Act(Tensor<T> networkOutput, KernelRandom random, Span<double> envActions, Span<double> storedActions, Span<double> logProbs, Span<double> oldPolicy)
    {
        int rows = networkOutput.Rows;
        GaussianParameters<T> distribution = Distribute(networkOutput);
        ReadOnlySpan<T> mean = distribution.Mean.Values;
        ReadOnlySpan<T> std = distribution.Std.Values;
        gaussian.SampleStored(mean, std, random, envActions, storedActions);
        Conversions.Widen(gaussian.LogProb(distribution, Stored(storedActions, rows), DistributionLabels.LogpOld).Values, logProbs);
        StoredGaussianPolicy.Write(mean, std, rows, actionDim, oldPolicy);
    }

    /// <inheritdoc />
    public abstract void ActDeterministic(Tensor<T> networkOutput, Span<double> envActions);

    /// <inheritdoc />
    public PolicyEvaluation<T> Evaluate(Tensor<T> networkOutput, ReadOnlySpan<double> storedActions)
    {
        GaussianParameters<T> distribution = Distribute(networkOutput);
        Tensor<T> logProb = gaussian.LogProb(distribution, Stored(storedActions, networkOutput.Rows), DistributionLabels.LogpNew);
        return new PolicyEvaluation<T>(logProb, gaussian.Entropy(distribution), networkOutput, distribution);
    }

    /// <inheritdoc />
    public Tensor<T> Kl(in PolicyEvaluation<T> current, ReadOnlySpan<double> oldPolicy)
        => gaussian.Kl(StoredGaussianPolicy.Read(tape, oldPolicy, current.Output.Rows, actionDim, ref meanScratch, ref stdScratch), current.Gaussian);

    /// <inheritdoc />
    public void WriteOldPolicy(in PolicyEvaluation<T> evaluation, Span<double> oldPolicy)
        => StoredGaussianPolicy.Write(evaluation, actionDim, oldPolicy);

    /// <inheritdoc />
    public void CheckOldPolicy(ReadOnlySpan<double> oldPolicy, string parameterName)
        => StoredGaussianPolicy.Check(oldPolicy, actionDim, parameterName);

    /// <inheritdoc />
    public (int Index, string What)? FirstInvalidOldPolicy(ReadOnlySpan<double> oldPolicy)
        => StoredGaussianPolicy.FirstInvalid(oldPolicy, actionDim);

    /// <inheritdoc />
    public Tensor<T> FisherCoordinates(in PolicyEvaluation<T> current) => GaussianFisher.Coordinates(current.Gaussian);

    /// <inheritdoc />
    public Tensor<T> ApplyFisherMetric(in PolicyEvaluation<T> current, Tensor<T> tangent) => GaussianFisher.Apply(current.Gaussian, tangent);

    /// <inheritdoc />
    public virtual void Describe(in PolicyEvaluation<T> current, UpdateRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.StdMin = StoredGaussianPolicy.StdMin(current.Gaussian.Std.Values);
    }

    /// <summary>The distribution's parameters for <paramref name="networkOutput"/>.</summary>
    private protected GaussianParameters<T> Distribute(Tensor<T> networkOutput) => gaussian.Parameters(networkOutput, StdParameter);

    /// <summary>Stored actions as a constant of the run's precision, [rows, m].</summary>
    private Tensor<T> Stored(ReadOnlySpan<double> storedActions, int rows)
    {
        Span<T> actions = ScratchBuffer.Take(ref actionScratch, rows * actionDim);
        Conversions.Narrow(storedActions, actions);
        return tape.Constant(Shape.Matrix(rows, actionDim), actions);
    }
}
