namespace Kernel.Algorithms.Diagnostics;

/// <summary>
/// The diagnostics of one policy update (DESIGN "Diagnostics per update"): the quantities the seed papers plot,
/// under fixed names. Every field is computed from the update's own data; a field an algorithm does not have is
/// null (written as an empty CSV cell and a JSON null). Values may be non-finite (ratio_max overflows on purpose).
/// One instance is reused across updates by a trainer; <see cref="Clear"/> resets it.
/// Thread-safety: a plain mutable record; one thread at a time.
/// </summary>
public sealed class UpdateRecord
{
    /// <summary>The metric names in column order, as written by <see cref="MetricsWriter"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "update", "step", "episodes", "return_mean", "return_std", "ratio_log10_max", "ratio_log10_max_clipped",
        "ratio_max", "kl_mean", "kl_max", "approx_kl", "clip_fraction", "entropy", "std_min", "mean_outside_box",
        "adv_abs_mean", "value_loss", "explained_variance", "grad_norm", "exploded", "exploded_at",
        "cg_iters", "cg_residual", "linesearch_steps", "beta", "eta", "nu",
        "policy_distance",
    ];

    /// <summary>The update's index, from 1.</summary>
    public long Update { get; set; }

    /// <summary>Environment steps taken so far (all copies).</summary>
    public long Step { get; set; }

    /// <summary>Episodes finished so far.</summary>
    public long Episodes { get; set; }

    /// <summary>Mean return of the episodes finished during this update's rollout (NaN if none finished).</summary>
    public double ReturnMean { get; set; } = double.NaN;

    /// <summary>Population standard deviation of those returns (NaN if none finished).</summary>
    public double ReturnStd { get; set; } = double.NaN;

    /// <summary>max_t log10 r_t over the update's minibatches, from log-ratios in fp64 (finite even when r overflows).</summary>
    public double RatioLog10Max { get; set; } = double.NaN;

    /// <summary>max_t log10 of the ratio after PPO's clip (000 Fig 3): min(r, 1+eps) where A &gt; 0, max(r, 1-eps) where A &lt; 0.</summary>
    public double? RatioLog10MaxClipped { get; set; }

    /// <summary>The largest ratio in the run's precision (may be +inf).</summary>
    public double RatioMax { get; set; } = double.NaN;

    /// <summary>Mean analytic KL(old || new) over the batch's states after the update.</summary>
    public double KlMean { get; set; } = double.NaN;

    /// <summary>Largest analytic KL(old || new) over the batch's states after the update.</summary>
    public double KlMax { get; set; } = double.NaN;

    /// <summary>The k3 estimator mean((r - 1) - log r) over the last epoch's minibatches.</summary>
    public double ApproxKl { get; set; } = double.NaN;

    /// <summary>Fraction of samples whose ratio lay outside [1 - eps, 1 + eps] (null for unclipped objectives).</summary>
    public double? ClipFraction { get; set; }

    /// <summary>Mean policy entropy over the batch.</summary>
    public double Entropy { get; set; } = double.NaN;

    /// <summary>The smallest standard deviation of the policy over the batch (null for discrete policies).</summary>
    public double? StdMin { get; set; }

    /// <summary>The largest distance of the pre-transform mean from the action box (null for discrete policies).</summary>
    public double? MeanOutsideBox { get; set; }

    /// <summary>Mean |advantage| before normalisation.</summary>
    public double AdvAbsMean { get; set; } = double.NaN;

    /// <summary>The value loss of the last minibatch (null without a value network).</summary>
    public double? ValueLoss { get; set; }

    /// <summary>1 - Var[returns - values] / Var[returns] (null without a value network).</summary>
    public double? ExplainedVariance { get; set; }

    /// <summary>The largest global L2 gradient norm of the update before clipping.</summary>
    public double GradNorm { get; set; } = double.NaN;

    /// <summary>Whether a loss, gradient or parameter became non-finite in this update.</summary>
    public bool Exploded { get; set; }

    /// <summary>What became non-finite first, e.g. "gradient policy.0.weight" (null unless <see cref="Exploded"/>).</summary>
    public string? ExplodedAt { get; set; }

    /// <summary>Conjugate-gradient iterations (second-order methods).</summary>
    public double? CgIters { get; set; }

    /// <summary>Conjugate-gradient final residual norm (second-order methods).</summary>
    public double? CgResidual { get; set; }

    /// <summary>Line-search steps taken (TRPO).</summary>
    public double? LinesearchSteps { get; set; }

    /// <summary>KL penalty coefficient (PPO-KL).</summary>
    public double? Beta { get; set; }

    /// <summary>Temperature (V-MPO).</summary>
    public double? Eta { get; set; }

    /// <summary>KL Lagrange multiplier (V-MPO).</summary>
    public double? Nu { get; set; }

    /// <summary>
    /// sqrt(mean over a fixed state batch of ||f(s; theta_k) - f(s; theta_0)||^2), the policy network's distance from
    /// its initialisation after this update (000 Fig 7 b, c; see <see cref="Training.PolicyDistance"/>); null when the
    /// update made no step (its rollout exploded).
    /// </summary>
    public double? PolicyDistance { get; set; }

    /// <summary>
    /// The metrics a trainer may add after <see cref="Names"/> (<see cref="Training.ITrainer.ExtraMetrics"/>); a run
    /// without them keeps the standard header. deterministic_return: the undiscounted return J(theta) of the
    /// deterministic controller that sampled the update, from fixed start states (mollified-pg). The rest are the
    /// trust-region columns of <see cref="Training.TrainConfig.HeldoutSteps"/> (<see cref="TrustRegionNames"/>).
    /// </summary>
    public static IReadOnlyList<string> OptionalNames { get; } =
    [
        "deterministic_return", "ratio_log10_max_after", "step_rejected",
        "heldout_return_mean", "heldout_ratio_log10_max", "heldout_kl_mean", "heldout_kl_max",
    ];

    /// <summary>
    /// The trust-region columns (seed 001 Figures 9 and 29) an actor-critic run writes when held-out measurement is on:
    /// the ratio after the update on the training batch, whether a natural-gradient update left the policy unchanged,
    /// and mean return, max log10 ratio, mean and max KL on held-out trajectories of the pre-update policy.
    /// </summary>
    public static IReadOnlyList<string> TrustRegionNames { get; } =
    [
        "ratio_log10_max_after", "step_rejected", "heldout_return_mean", "heldout_ratio_log10_max", "heldout_kl_mean", "heldout_kl_max",
    ];

    /// <summary>The undiscounted return of the deterministic controller from fixed start states (mollified-pg; null elsewhere).</summary>
    public double? DeterministicReturn { get; set; }

    /// <summary>
    /// max log10 pi_new(a|s) / pi_old(a|s) over the whole training batch after the update (all epochs, the line search
    /// and the value fit done): the same point for every algorithm, unlike <see cref="RatioLog10Max"/>, which a
    /// first-order update accumulates over its minibatches before each step.
    /// </summary>
    public double RatioLog10MaxAfter { get; set; } = double.NaN;

    /// <summary>1 when a natural-gradient update left the policy exactly as it was (the line search rejected every step, or the curvature was not positive), 0 when it moved; null for other updates.</summary>
    public double? StepRejected { get; set; }

    /// <summary>Mean undiscounted return of the held-out episodes the pre-update policy finished (NaN if none finished or none measured).</summary>
    public double HeldoutReturnMean { get; set; } = double.NaN;

    /// <summary>max log10 pi_new(a|s) / pi_old(a|s) over the held-out state-action pairs (NaN when not measured this update).</summary>
    public double HeldoutRatioLog10Max { get; set; } = double.NaN;

    /// <summary>Mean analytic KL(pi_old || pi_new) over the held-out states (NaN when not measured this update).</summary>
    public double HeldoutKlMean { get; set; } = double.NaN;

    /// <summary>Largest analytic KL(pi_old || pi_new) over the held-out states (NaN when not measured this update).</summary>
    public double HeldoutKlMax { get; set; } = double.NaN;

    /// <summary>Resets every field to its "not computed" value.</summary>
    public void Clear()
    {
        Update = 0;
        Step = 0;
        Episodes = 0;
        ReturnMean = ReturnStd = RatioLog10Max = RatioMax = KlMean = KlMax = ApproxKl = Entropy = AdvAbsMean = GradNorm = double.NaN;
        RatioLog10MaxAfter = HeldoutReturnMean = HeldoutRatioLog10Max = HeldoutKlMean = HeldoutKlMax = double.NaN;
        RatioLog10MaxClipped = ClipFraction = StdMin = MeanOutsideBox = ValueLoss = ExplainedVariance = null;
        CgIters = CgResidual = LinesearchSteps = Beta = Eta = Nu = PolicyDistance = DeterministicReturn = StepRejected = null;
        Exploded = false;
        ExplodedAt = null;
    }

    /// <summary>The field called <paramref name="name"/> (one of <see cref="Names"/> or <see cref="OptionalNames"/>) as a number, null where absent (exploded_at is not numeric: null).</summary>
    public double? Get(string name) => name switch
    {
        "update" => Update,
        "step" => Step,
        "episodes" => Episodes,
        "return_mean" => ReturnMean,
        "return_std" => ReturnStd,
        "ratio_log10_max" => RatioLog10Max,
        "ratio_log10_max_clipped" => RatioLog10MaxClipped,
        "ratio_max" => RatioMax,
        "kl_mean" => KlMean,
        "kl_max" => KlMax,
        "approx_kl" => ApproxKl,
        "clip_fraction" => ClipFraction,
        "entropy" => Entropy,
        "std_min" => StdMin,
        "mean_outside_box" => MeanOutsideBox,
        "adv_abs_mean" => AdvAbsMean,
        "value_loss" => ValueLoss,
        "explained_variance" => ExplainedVariance,
        "grad_norm" => GradNorm,
        "exploded" => Exploded ? 1 : 0,
        "exploded_at" => null,
        "cg_iters" => CgIters,
        "cg_residual" => CgResidual,
        "linesearch_steps" => LinesearchSteps,
        "beta" => Beta,
        "eta" => Eta,
        "nu" => Nu,
        "policy_distance" => PolicyDistance,
        "deterministic_return" => DeterministicReturn,
        "ratio_log10_max_after" => RatioLog10MaxAfter,
        "step_rejected" => StepRejected,
        "heldout_return_mean" => HeldoutReturnMean,
        "heldout_ratio_log10_max" => HeldoutRatioLog10Max,
        "heldout_kl_mean" => HeldoutKlMean,
        "heldout_kl_max" => HeldoutKlMax,
        _ => throw new ArgumentException($"unknown metric '{name}'; the metrics are {string.Join(", ", Names)}.", nameof(name)),
    };
}
