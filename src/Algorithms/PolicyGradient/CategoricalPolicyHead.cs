using System.Globalization;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// A categorical policy head over a discrete action space: the network outputs K logits; the action is stored as its
/// index and the old policy as its logits.
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class CategoricalPolicyHead<T> : IPolicyHead<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Tape<T> tape;
    private readonly Categorical<T> categorical;
    private int[] indexScratch = [];
    private T[] logitScratch = [];

    /// <summary>Creates the head for <paramref name="actionSpace"/>.</summary>
    public CategoricalPolicyHead(Tape<T> tape, DiscreteSpace actionSpace)
    {
        ArgumentNullException.ThrowIfNull(tape);
        this.tape = tape;
        categorical = new Categorical<T>(actionSpace);
    }

    /// <inheritdoc />
    public int NetworkOutputs => categorical.ActionCount;

    /// <inheritdoc />
    public int StoredActionSize => 1;

    /// <inheritdoc />
    public int OldPolicySize => categorical.ActionCount;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters { get; } = [];

    /// <inheritdoc />
    public void Act(Tensor<T> networkOutput, KernelRandom random, Span<double> envActions, Span<double> storedActions, Span<double> logProbs, Span<double> oldPolicy)
    {
        int rows = networkOutput.Rows;
        Span<int> indices = ScratchBuffer.Take(ref indexScratch, rows);
        ReadOnlySpan<T> logits = networkOutput.Values;
        categorical.Sample(logits, random, indices);
        for (int row = 0; row < rows; row++)
        {
            envActions[row] = indices[row];
            storedActions[row] = indices[row];
        }

        Conversions.Widen(categorical.LogProb(networkOutput, (ReadOnlySpan<int>)indices, DistributionLabels.LogpOld).Values, logProbs);
        Conversions.Widen(logits, oldPolicy);
    }

    /// <inheritdoc />
    public void ActDeterministic(Tensor<T> networkOutput, Span<double> envActions)
    {
        int columns = networkOutput.Columns;
        ReadOnlySpan<T> logits = networkOutput.Values;
        for (int row = 0; row < networkOutput.Rows; row++)
        {
            // The first maximum wins, as argmax does in NumPy and PyTorch.
            ReadOnlySpan<T> rowLogits = logits.Slice(row * columns, columns);
            int best = 0;
            for (int k = 1; k < columns; k++)
            {
                best = rowLogits[k] > rowLogits[best] ? k : best;
            }

            envActions[row] = best;
        }
    }

    /// <inheritdoc />
    public PolicyEvaluation<T> Evaluate(Tensor<T> networkOutput, ReadOnlySpan<double> storedActions)
        => new(categorical.LogProb(networkOutput, storedActions), categorical.Entropy(networkOutput), networkOutput, default);

    /// <inheritdoc />
    public Tensor<T> Kl(in PolicyEvaluation<T> current, ReadOnlySpan<double> oldPolicy)
    {
        Span<T> logits = ScratchBuffer.Take(ref logitScratch, oldPolicy.Length);
        Conversions.Narrow(oldPolicy, logits);
        return categorical.Kl(tape.Constant(current.Output.Shape, logits), current.Output);
    }

    /// <inheritdoc />
    public void WriteOldPolicy(in PolicyEvaluation<T> evaluation, Span<double> oldPolicy)
    {
        ReadOnlySpan<T> logits = evaluation.Output.Values;
        if (oldPolicy.Length != logits.Length)
        {
            throw new ArgumentException($"oldPolicy has {oldPolicy.Length} values for {evaluation.Output.Rows} states; expected {logits.Length} ({categorical.ActionCount} logits each).", nameof(oldPolicy));
        }

        Conversions.Widen(logits, oldPolicy);
    }

    /// <inheritdoc />
    public void CheckOldPolicy(ReadOnlySpan<double> oldPolicy, string parameterName)
    {
        if (FirstInvalidOldPolicy(oldPolicy) is ({ } i, _))
        {
            throw new ArgumentException(
                $"{parameterName}[{i}] = {oldPolicy[i].ToString(CultureInfo.InvariantCulture)} (state {i / categorical.ActionCount}, logit {i % categorical.ActionCount}) is not finite: a categorical old policy is its {categorical.ActionCount} logits per state.",
                parameterName);
        }
    }

    /// <inheritdoc />
    public (int Index, string What)? FirstInvalidOldPolicy(ReadOnlySpan<double> oldPolicy)
    {
        for (int i = 0; i < oldPolicy.Length; i++)
        {
            if (!double.IsFinite(oldPolicy[i]))
            {
                return (i, $"logit {i % categorical.ActionCount}");
            }
        }

        return null;
    }

    /// <inheritdoc />
    public Tensor<T> FisherCoordinates(in PolicyEvaluation<T> current) => current.Output;

    /// <inheritdoc />
    public Tensor<T> ApplyFisherMetric(in PolicyEvaluation<T> current, Tensor<T> tangent)
    {
        // The softmax's Fisher in logit coordinates is diag(p) - p p^T: (M t)_k = p_k t_k - p_k sum_j p_j t_j.
        Tensor<T> p = current.Output.LogSoftmax().Exp();
        Tensor<T> weighted = p.Multiply(tangent);
        Tensor<T> rowSums = weighted.Sum(axis: 1).BroadcastColumn(tangent.Columns).Reshape(tangent.Shape);
        return weighted.Subtract(p.Multiply(rowSums));
    }

    /// <inheritdoc />
    public void Describe(in PolicyEvaluation<T> current, UpdateRecord record)
    {
        record.StdMin = null;
        record.MeanOutsideBox = null;
    }
}
