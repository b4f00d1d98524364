using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;

namespace Kernel.Algorithms.Objectives;

/// <summary>
/// A policy objective on a minibatch (the surrogates of the seed papers and V-MPO's losses): what an algorithm
/// maximises, as the per-sample objective tensor and the loss the update minimises. Objectives with learned
/// multipliers (V-MPO) own them as <see cref="Parameters"/>; objectives with state adapted between updates (PPO-KL's
/// beta) adapt it in <see cref="Finish"/>.
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public interface IPolicyObjective<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The ratio clip epsilon that the ratio statistics report clip fractions for, or null if the objective does not clip the ratio.</summary>
    double? RatioClip { get; }

    /// <summary>Trainable parameters the objective adds to the networks' (V-MPO's temperature and KL multipliers); empty for most.</summary>
    IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>The objective on one minibatch, recorded on the tape.</summary>
    PolicyObjective<T> Evaluate(in ObjectiveInputs<T> inputs);

    /// <summary>Called once the update is done: adapts state between updates and writes the objective's own metrics.</summary>
    void Finish(UpdateRecord record);
}
