namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// The policy objectives of the seed papers per sample (<c>...PerSample</c>, the objective to maximise, one value per
/// sample), recorded on the tape so their gradients flow into the policy, and the loss to minimise made of any of
/// them (<see cref="Loss{T}"/>, minus the mean over the minibatch), so gradient-quality and landscape experiments can
/// read the terms the loss averages. Inputs are per-sample [B] tensors: the ratio r = pi_new / pi_old (however it was
/// computed, see <c>ProbabilityRatio</c>), log-probabilities, and the advantages as constants. Nothing is clamped
/// beyond what each formula prescribes: an overflowing ratio overflows.
/// </summary>
public static class SurrogateObjectives
{
    /// <summary>PPO's clipped surrogate per sample (000 eq 11): min(r A, clip(r, 1 - eps, 1 + eps) A).</summary>
    public static Tensor<T> ClippedPerSample<T>(Tensor<T> ratio, Tensor<T> advantages, double epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckEpsilon(epsilon);
        return Pessimistic(ratio, advantages, 1 - epsilon, 1 + epsilon, "ratio_clipped");
    }

    /// <summary>The importance-sampled surrogate without any constraint per sample (000 Fig 3c): r A.</summary>
    public static Tensor<T> UnclippedPerSample<T>(Tensor<T> ratio, Tensor<T> advantages)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => ratio.Multiply(advantages, "surrogate");

    /// <summary>
    /// The KL-penalised surrogate per sample (000 eq 12): r A - beta KL, with <paramref name="kl"/> the per-state KL
    /// the caller chose (eq 12 writes KL(pi_theta || pi_old)); beta fixed (000) or adapted between updates (003).
    /// </summary>
    public static Tensor<T> KlPenalizedPerSample<T>(Tensor<T> ratio, Tensor<T> advantages, Tensor<T> kl, double beta)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(beta >= 0) || !double.IsFinite(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "the KL penalty coefficient must be finite and >= 0.");
        }

        return ratio.Multiply(advantages, "surrogate").Subtract(kl.MultiplyScalar(T.CreateChecked(beta)));
    }

    /// <summary>The vanilla policy-gradient objective per sample (000 eq 13; REINFORCE and A2C with returns or advantages): log pi A.</summary>
    public static Tensor<T> VanillaPerSample<T>(Tensor<T> logProb, Tensor<T> advantages)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => logProb.Multiply(advantages, "surrogate");

    /// <summary>CPG, the log-ratio clipped objective, per sample (000 eq 15): min(log r A, clip(log r, log(1 - eps), log(1 + eps)) A), with log r = logp_new - logp_old.</summary>
    public static Tensor<T> LogRatioClippedPerSample<T>(Tensor<T> logRatio, Tensor<T> advantages, double epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckEpsilon(epsilon);
        return Pessimistic(logRatio, advantages, Math.Log(1 - epsilon), Math.Log(1 + epsilon), "log_ratio_clipped");
    }

    /// <summary>min(x A, clip(x, low, high) A): the pessimistic bound PPO's and CPG's clips take, per sample.</summary>
    public static Tensor<T> Pessimistic<T>(Tensor<T> x, Tensor<T> advantages, double low, double high, string clippedLabel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> unclipped = x.Multiply(advantages, "surrogate");
        Tensor<T> clipped = x.Clamp(T.CreateChecked(low), T.CreateChecked(high), clippedLabel).Multiply(advantages, "surrogate_clipped");
        return unclipped.Minimum(clipped);
    }

    /// <summary>The loss of a per-sample objective: -mean(objective), labelled policy_loss.</summary>
    public static Tensor<T> Loss<T>(Tensor<T> perSample)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => perSample.Mean().Negate("policy_loss");

    private static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "the clip epsilon must lie in (0, 1).");
        }
    }
}
