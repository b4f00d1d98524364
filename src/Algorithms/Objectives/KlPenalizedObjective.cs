using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;

namespace Kernel.Algorithms.Objectives;

/// <summary>PPO-KL's objective (000 eq 12): r A - beta KL(pi_old || pi) per sample, with beta from <see cref="KlPenalty"/>, adapted after each update when asked.</summary>
/// <typeparam name="T">The run's precision.</typeparam>
/// <param name="penalty">The coefficient (shared with the checkpoint).</param>
/// <param name="adaptive">Whether beta adapts toward <paramref name="klTarget"/> after each update.</param>
/// <param name="klTarget">The KL target of adaptive beta.</param>
public sealed class KlPenalizedObjective<T>(KlPenalty penalty, bool adaptive, double klTarget) : IPolicyObjective<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public double? RatioClip => null;

    /// <inheritdoc/>
    public IReadOnlyList<NamedParameter<T>> Parameters => [];

    /// <inheritdoc/>
    public PolicyObjective<T> Evaluate(in ObjectiveInputs<T> inputs)
    {
        Tensor<T> kl = inputs.Head.Kl(inputs.Evaluation, inputs.OldPolicy);
        Tensor<T> objective = SurrogateObjectives.KlPenalizedPerSample(inputs.Ratio, inputs.Advantage, kl, penalty.Beta);
        return new PolicyObjective<T>(objective, SurrogateObjectives.Loss(objective));
    }

    /// <inheritdoc/>
    public void Finish(UpdateRecord record)
    {
        record.Beta = penalty.Beta;
        if (adaptive)
        {
            penalty.Adapt(record.KlMean, klTarget);
        }
    }
}
