using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.PolicyGradient;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The metrics row of an update (<see cref="UpdateRecord"/>): the rollout's returns and advantage scale, the ratio
/// statistics the update accumulates minibatch by minibatch, and after the update the analytic KL(old || new), the
/// entropy, the policy head's own diagnostics and the value network's explained variance over the whole batch.
/// Thread-safety: one thread at a time.
/// </summary>
/// <param name="record">The record written (the trainer's, overwritten every update).</param>
public sealed class UpdateDiagnostics(UpdateRecord record)
{
    /// <summary>The record being filled.</summary>
    public UpdateRecord Record => record;

    /// <summary>The update's optimisation steps, one row each, when log_steps is on (cleared by the trainer before every update).</summary>
    public List<StepRecord> Steps { get; } = [];

    /// <summary>Log-ratio statistics of the update's minibatches (cleared by the update at its start).</summary>
    public RatioStatistics Ratios { get; } = new();

    /// <summary>Mean |advantage| of the rollout, and the mean and std of the returns of the episodes it finished.</summary>
    public void DescribeRollout(RolloutBuffer buffer, ReadOnlySpan<double> finishedReturns)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        double sum = 0;
        foreach (double advantage in buffer.Advantages)
        {
            sum += Math.Abs(advantage);
        }

        record.AdvAbsMean = sum / buffer.Count;
        if (finishedReturns.Length > 0)
        {
            double mean = 0;
            foreach (double value in finishedReturns)
            {
                mean += value;
            }

            mean /= finishedReturns.Length;
            double squares = 0;
            foreach (double value in finishedReturns)
            {
                squares += (value - mean) * (value - mean);
            }

            record.ReturnMean = mean;
            record.ReturnStd = Math.Sqrt(squares / finishedReturns.Length);
        }
    }

    /// <summary>Writes the accumulated ratio statistics (with clip columns only for an objective that clips the ratio).</summary>
    public void WriteRatios(double? ratioClip)
    {
        record.RatioLog10Max = Ratios.Log10Max;
        record.RatioLog10MaxClipped = ratioClip is null ? null : Ratios.Log10MaxClipped;
        record.ClipFraction = ratioClip is null ? null : Ratios.ClipFraction;
        record.ApproxKl = Ratios.ApproxKl;
    }

    /// <summary>
    /// After the update: analytic KL(old || new) mean and max and the largest log10 ratio (<see cref="PolicyChange"/>),
    /// entropy, the head's diagnostics and explained variance over the whole batch.
    /// </summary>
    public void DescribeBatch<T>(ActorCritic<T> networks, RolloutBuffer buffer)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(buffer);
        networks.Tape.Reset();
        using (networks.Tape.NoGrad())
        {
            PolicyEvaluation<T> evaluation = networks.Evaluate(buffer);
            PolicyChange change = PolicyChange.Of(networks.Head, evaluation, buffer);
            record.KlMean = change.KlMean;
            record.KlMax = change.KlMax;
            record.RatioLog10MaxAfter = change.RatioLog10Max;
            record.Entropy = double.CreateTruncating(evaluation.Entropy.Mean().Item());
            networks.Head.Describe(evaluation, record);
        }

        if (networks.Value is not null)
        {
            record.ExplainedVariance = ExplainedVariance(buffer.Values, buffer.Returns);
        }
    }

    /// <summary>1 - Var[returns - values] / Var[returns] (NaN when the returns do not vary).</summary>
    public static double ExplainedVariance(ReadOnlySpan<double> values, ReadOnlySpan<double> returns)
    {
        double meanReturn = 0, meanResidual = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            meanReturn += returns[i];
            meanResidual += returns[i] - values[i];
        }

        meanReturn /= returns.Length;
        meanResidual /= returns.Length;
        double varReturn = 0, varResidual = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            varReturn += (returns[i] - meanReturn) * (returns[i] - meanReturn);
            double residual = returns[i] - values[i] - meanResidual;
            varResidual += residual * residual;
        }

        return varReturn == 0 ? double.NaN : 1 - (varResidual / varReturn);
    }
}
