using Kernel.Algorithms.PolicyGradient;

namespace Kernel.Algorithms.Training;

/// <summary>
/// How far a policy has moved from the one that sampled a batch, measured on that batch (seed 001 section 5.4,
/// Figures 9 and 29): the mean and the largest analytic KL(pi_old(.|s) || pi(.|s)) over the batch's states, and the
/// largest log10 pi(a|s) / pi_old(a|s) over its state-action pairs, the log-ratio taken in fp64 from the stored
/// log pi_old(a|s) so that it stays finite where the ratio itself would overflow.
/// </summary>
/// <param name="KlMean">Mean KL(pi_old || pi) over the states.</param>
/// <param name="KlMax">Largest KL(pi_old || pi) over the states.</param>
/// <param name="RatioLog10Max">max over the pairs of log10 pi(a|s) / pi_old(a|s).</param>
public readonly record struct PolicyChange(double KlMean, double KlMax, double RatioLog10Max)
{
    /// <summary>The change of <paramref name="networks"/>' current policy from the one that collected <paramref name="buffer"/> (its old-policy parameters and log-probs), on all of its rows.</summary>
    public static PolicyChange Measure<T>(ActorCritic<T> networks, RolloutBuffer buffer)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(networks);
        networks.Tape.Reset();
        using (networks.Tape.NoGrad())
        {
            return Of(networks.Head, networks.Evaluate(buffer), buffer);
        }
    }

    /// <summary>The change measured from <paramref name="evaluation"/>, the current policy already evaluated on <paramref name="buffer"/>'s rows and stored actions.</summary>
    public static PolicyChange Of<T>(IPolicyHead<T> head, in PolicyEvaluation<T> evaluation, RolloutBuffer buffer)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(buffer);
        Tensor<T> kl = head.Kl(evaluation, buffer.OldPolicy);
        double klSum = 0;
        double klMax = double.NegativeInfinity;
        foreach (T value in kl.Values)
        {
            double v = double.CreateTruncating(value);
            klSum += v;
            klMax = double.Max(klMax, v);
        }

        ReadOnlySpan<T> logProbs = evaluation.LogProb.Values;
        ReadOnlySpan<double> logProbsOld = buffer.LogProbs;
        double logRatioMax = double.NegativeInfinity;
        for (int i = 0; i < logProbs.Length; i++)
        {
            logRatioMax = double.Max(logRatioMax, double.CreateTruncating(logProbs[i]) - logProbsOld[i]);
        }

        return new PolicyChange(klSum / buffer.Count, klMax, logRatioMax / Math.Log(10));
    }
}
