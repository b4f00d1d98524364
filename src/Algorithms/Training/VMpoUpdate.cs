using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.VMpo;

namespace Kernel.Algorithms.Training;

/// <summary>
/// V-MPO's update (004 section 4.5, Algorithm 8): the first-order minibatch epochs over the networks and the
/// temperature and KL multipliers together, each Adam step followed by the projection that keeps every multiplier
/// positive (<see cref="VMpoMultipliers{T}.Project"/>), and the multipliers reported once the update is done (eta,
/// nu). The minibatch loop is <see cref="FirstOrderEpochs{T}"/>'s.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class VMpoUpdate<T> : IPolicyUpdate<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly UpdateContext<T> context;
    private readonly VMpoMultipliers<T> multipliers;
    private readonly FirstOrderEpochs<T> epochs;

    /// <summary>The update of a run whose objective is V-MPO's.</summary>
    /// <exception cref="ArgumentException">The context's objective is not a <see cref="VMpoObjective{T}"/>.</exception>
    public VMpoUpdate(UpdateContext<T> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        multipliers = (context.Objective as VMpoObjective<T>)?.Multipliers
            ?? throw new ArgumentException($"V-MPO's update needs V-MPO's objective, not {context.Objective.GetType().Name}.", nameof(context));
        epochs = new FirstOrderEpochs<T>(context, afterStep: multipliers.Project);
    }

    /// <inheritdoc/>
    public Optimizer<T> Optimizer => epochs.Optimizer;

    /// <inheritdoc/>
    public void Update(long update)
    {
        epochs.Update(update);
        context.Diagnostics.Record.Eta = multipliers.EtaValue;
        context.Diagnostics.Record.Nu = multipliers.NuMeanValue;
    }
}
