using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Training;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// The algorithm's own update step from the batch in a trainer's buffer, computed and then taken back: the trainer's
/// <see cref="IPolicyUpdate{T}"/> runs exactly as <see cref="PolicyGradientTrainer{T}.Update()"/> would run it next
/// (same update number, learning rate, optimiser state, minibatch stream), theta_new - theta_old of every trainer
/// parameter is read (widened to fp64), and the parameters are set back to theta_old. The optimiser's moments, the
/// shuffle stream and the metrics record have moved on, so load the checkpoint again before anything else.
/// Thread-safety: one thread at a time (the trainer's).
/// </summary>
public static class UpdateStep
{
    /// <summary>The step, in the order of <see cref="PolicyGradientTrainer{T}.Parameters"/>, into <paramref name="step"/>; <paramref name="atNewParameters"/> runs while the parameters hold theta_new.</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> does not have one number per parameter.</exception>
    /// <exception cref="InvalidOperationException">The update exploded (the message says where); the trainer cannot continue.</exception>
    public static void Compute<T>(PolicyGradientTrainer<T> trainer, Span<double> step, Action? atNewParameters = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        IReadOnlyList<NamedParameter<T>> parameters = trainer.Parameters;
        int size = SizeOf(parameters);
        if (step.Length != size)
        {
            throw new ArgumentException($"step has {step.Length} numbers; the trainer has {size} parameters.", nameof(step));
        }

        var before = new T[parameters.Count][];
        for (int i = 0; i < parameters.Count; i++)
        {
            before[i] = parameters[i].Tensor.Values.ToArray();
        }

        trainer.PolicyUpdate.Update(trainer.Updates + 1);
        if (trainer.Exploded)
        {
            throw new InvalidOperationException($"the update from this batch exploded: {trainer.Record.ExplodedAt}.");
        }

        atNewParameters?.Invoke();
        int offset = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            ReadOnlySpan<T> after = parameters[i].Tensor.Values;
            Span<double> target = step.Slice(offset, after.Length);
            Conversions.Widen(after, target);
            for (int j = 0; j < after.Length; j++)
            {
                target[j] -= double.CreateTruncating(before[i][j]);
            }

            parameters[i].Tensor.SetValues(before[i]);
            offset += after.Length;
        }
    }

    /// <summary>The number of values in <paramref name="parameters"/>.</summary>
    public static int SizeOf<T>(IReadOnlyList<NamedParameter<T>> parameters)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => parameters.Sum(p => p.Tensor.Shape.Length);
}
