namespace Kernel.Algorithms.Diagnostics;

/// <summary>
/// One optimisation step of a first-order update, as steps.csv records it (000 Fig 3 plots these "at each optimization
/// step"): where it lies, the analytic KL(old || current) and the ratio statistics of the minibatch from the forward
/// pass the loss came from (before the step), the loss, the gradient norm before clipping, and whether the step was
/// refused because the loss, a gradient or a parameter became non-finite.
/// </summary>
/// <param name="Update">The update, from 1.</param>
/// <param name="Epoch">The epoch within the update, from 1.</param>
/// <param name="Minibatch">The minibatch within the epoch, from 1.</param>
/// <param name="Step">The run's optimisation-step count, from 1 (the refused step of an explosion included).</param>
/// <param name="KlMean">Mean analytic KL(old || current) over the minibatch.</param>
/// <param name="RatioLog10Max">max log10 r over the minibatch, from fp64 log-ratios.</param>
/// <param name="RatioLog10MaxClipped">max log10 of the ratio after the objective's clip (<see cref="RatioStatistics.Log10MaxClipped"/>); null for objectives without a clip.</param>
/// <param name="Loss">The total loss.</param>
/// <param name="GradNorm">The global L2 gradient norm before clipping.</param>
/// <param name="Exploded">Whether this step's loss, gradient or updated parameters were non-finite (the update stopped here).</param>
public readonly record struct StepRecord(
    long Update,
    int Epoch,
    int Minibatch,
    long Step,
    double KlMean,
    double RatioLog10Max,
    double? RatioLog10MaxClipped,
    double Loss,
    double GradNorm,
    bool Exploded)
{
    /// <summary>The columns of steps.csv, in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["update", "epoch", "minibatch", "step", "kl_mean", "ratio_log10_max", "ratio_log10_max_clipped", "loss", "grad_norm", "exploded"];
}
