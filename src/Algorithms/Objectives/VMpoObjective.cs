using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.VMpo;

namespace Kernel.Algorithms.Objectives;

/// <summary>
/// V-MPO's losses (<see cref="VMpoLoss{T}"/>) with their learned temperature and KL multipliers (kept in their domain
/// and reported by <see cref="Training.VMpoUpdate{T}"/>). The per-sample objective is the psi-weighted log-likelihood scaled by the minibatch size (its mean is
/// -L_pi); the loss adds the temperature and trust-region losses.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class VMpoObjective<T> : IPolicyObjective<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly VMpoMultipliers<T> multipliers;
    private readonly VMpoLoss<T> loss;
    private T[] weightScratch = [];

    /// <summary>Multipliers on <paramref name="tape"/> initialised from <paramref name="options"/>.</summary>
    public VMpoObjective(Tape<T> tape, VMpoOptions options)
    {
        multipliers = new VMpoMultipliers<T>(tape, options);
        loss = new VMpoLoss<T>(multipliers);
    }

    /// <summary>The temperature and KL multipliers the losses learn.</summary>
    public VMpoMultipliers<T> Multipliers => multipliers;

    /// <inheritdoc/>
    public double? RatioClip => null;

    /// <inheritdoc/>
    public IReadOnlyList<NamedParameter<T>> Parameters => multipliers.Parameters;

    /// <inheritdoc/>
    public PolicyObjective<T> Evaluate(in ObjectiveInputs<T> inputs)
    {
        Tensor<T> total = loss.Compute(inputs.Head, inputs.Evaluation, inputs.OldPolicy, inputs.Advantages);

        // Recorded after the loss, so the backward sweep from the loss never reaches it.
        ReadOnlySpan<double> psi = loss.Weights;
        int rows = psi.Length;
        Span<T> scaled = PolicyGradient.ScratchBuffer.Take(ref weightScratch, rows);
        for (int i = 0; i < rows; i++)
        {
            scaled[i] = T.CreateChecked(psi[i] * rows);
        }

        Tensor<T> weights = inputs.Evaluation.LogProb.Tape.Constant(Shape.Vector(rows), scaled, "vmpo_psi_scaled");
        return new PolicyObjective<T>(inputs.Evaluation.LogProb.Multiply(weights, "vmpo_weighted_log_prob"), total);
    }

    /// <inheritdoc/>
    public void Finish(UpdateRecord record)
    {
    }
}
