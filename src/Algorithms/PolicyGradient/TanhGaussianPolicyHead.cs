using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// The policy head for box actions squashed by tanh (000 eq 5): the network gives the pre-squash mean, a
/// state-independent std parameter gives sigma, actions are center + half_width * tanh(u) and the stored action is
/// the pre-squash sample u, whose log-prob carries the log-det correction. KL(old || new) is the pre-squash
/// Gaussians' (the bijection leaves it unchanged); the entropy reported and used for the bonus is the pre-squash
/// Gaussian's (the squashed one has no closed form). mean_outside_box is not reported: squashed actions are inside the box by construction.
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class TanhGaussianPolicyHead<T> : IPolicyHead<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Tape<T> tape;
    private readonly TanhGaussian<T> squashed;
    private readonly Tensor<T> stdParameter;
    private T[] actionScratch = [];
    private T[] meanScratch = [];
    private T[] stdScratch = [];

    /// <summary>Creates the head and its std parameter on <paramref name="tape"/>.</summary>
    /// <exception cref="ArgumentException">The box is unbounded in some coordinate (tanh needs finite bounds).</exception>
    public TanhGaussianPolicyHead(Tape<T> tape, BoxSpace actionSpace, TanhGaussianOptions options, double initialStd)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(actionSpace);
        this.tape = tape;
        squashed = new TanhGaussian<T>(actionSpace, options);
        NamedParameter<T> std = GaussianStdParameter.Create(tape, squashed.ActionDim, squashed.StdParameterFor(initialStd), options.Std);
        stdParameter = std.Tensor;
        Parameters = [std];
    }

    /// <inheritdoc />
    public int NetworkOutputs => squashed.ActionDim;

    /// <inheritdoc />
    public int StoredActionSize => squashed.ActionDim;

    /// <inheritdoc />
    public int OldPolicySize => 2 * squashed.ActionDim;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <inheritdoc />
    public void Act(Tensor<T> networkOutput, KernelRandom random, Span<double> envActions, Span<double> storedActions, Span<double> logProbs, Span<double> oldPolicy)
    {
        int rows = networkOutput.Rows;
        int m = squashed.ActionDim;
        GaussianParameters<T> distribution = squashed.Parameters(networkOutput, stdParameter);
        ReadOnlySpan<T> mean = distribution.Mean.Values;
        ReadOnlySpan<T> std = distribution.Std.Values;
        squashed.Sample(mean, std, random, storedActions, envActions);

        Span<T> preSquash = ScratchBuffer.Take(ref actionScratch, rows * m);
        Conversions.Narrow(storedActions, preSquash);
        Conversions.Widen(squashed.LogProb(distribution, tape.Constant(Shape.Matrix(rows, m), preSquash), DistributionLabels.LogpOld).Values, logProbs);
        StoredGaussianPolicy.Write(mean, std, rows, m, oldPolicy);
    }

    /// <inheritdoc />
    public void ActDeterministic(Tensor<T> networkOutput, Span<double> envActions)
    {
        squashed.Squash(squashed.Parameters(networkOutput, stdParameter).Mean.Values, envActions);
    }

    /// <inheritdoc />
    public PolicyEvaluation<T> Evaluate(Tensor<T> networkOutput, ReadOnlySpan<double> storedActions)
    {
        int rows = networkOutput.Rows;
        int m = squashed.ActionDim;
        GaussianParameters<T> distribution = squashed.Parameters(networkOutput, stdParameter);
        Span<T> preSquash = ScratchBuffer.Take(ref actionScratch, rows * m);
        Conversions.Narrow(storedActions, preSquash);
        Tensor<T> logProb = squashed.LogProb(distribution, tape.Constant(Shape.Matrix(rows, m), preSquash));
        return new PolicyEvaluation<T>(logProb, squashed.BaseEntropy(distribution), networkOutput, distribution);
    }

    /// <inheritdoc />
    public Tensor<T> Kl(in PolicyEvaluation<T> current, ReadOnlySpan<double> oldPolicy)
        => squashed.Kl(StoredGaussianPolicy.Read(tape, oldPolicy, current.Output.Rows, squashed.ActionDim, ref meanScratch, ref stdScratch), current.Gaussian);

    /// <inheritdoc />
    public void WriteOldPolicy(in PolicyEvaluation<T> evaluation, Span<double> oldPolicy)
        => StoredGaussianPolicy.Write(evaluation, squashed.ActionDim, oldPolicy);

    /// <inheritdoc />
    public void CheckOldPolicy(ReadOnlySpan<double> oldPolicy, string parameterName)
        => StoredGaussianPolicy.Check(oldPolicy, squashed.ActionDim, parameterName);

    /// <inheritdoc />
    public Tensor<T> FisherCoordinates(in PolicyEvaluation<T> current) => GaussianFisher.Coordinates(current.Gaussian);

    /// <inheritdoc />
    public Tensor<T> ApplyFisherMetric(in PolicyEvaluation<T> current, Tensor<T> tangent) => GaussianFisher.Apply(current.Gaussian, tangent);

    /// <inheritdoc />
    public void Describe(in PolicyEvaluation<T> current, UpdateRecord record)
    {
        record.StdMin = StoredGaussianPolicy.StdMin(current.Gaussian.Std.Values);
    }
}
