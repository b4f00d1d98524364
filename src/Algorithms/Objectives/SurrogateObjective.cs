using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;

namespace Kernel.Algorithms.Objectives;

/// <summary>
/// A stateless surrogate given by its per-sample formula (one of <see cref="SurrogateObjectives"/>' or an algorithm's
/// own): the loss is -mean of it. Covers vanilla PG, PPO's clip, the unclipped surrogate and CPG.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
/// <param name="perSample">The objective per sample from the minibatch's inputs.</param>
/// <param name="ratioClip">The clip epsilon the ratio statistics report against, or null.</param>
public sealed class SurrogateObjective<T>(SurrogateObjective<T>.PerSampleFormula perSample, double? ratioClip = null) : IPolicyObjective<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>A per-sample objective formula.</summary>
    public delegate Tensor<T> PerSampleFormula(in ObjectiveInputs<T> inputs);

    /// <inheritdoc/>
    public double? RatioClip => ratioClip;

    /// <inheritdoc/>
    public IReadOnlyList<NamedParameter<T>> Parameters => [];

    /// <inheritdoc/>
    public PolicyObjective<T> Evaluate(in ObjectiveInputs<T> inputs)
    {
        Tensor<T> objective = perSample(inputs);
        return new PolicyObjective<T>(objective, SurrogateObjectives.Loss(objective));
    }

    /// <inheritdoc/>
    public void Finish(UpdateRecord record)
    {
    }
}
