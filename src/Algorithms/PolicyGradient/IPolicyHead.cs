using Kernel.Algorithms.Nn;
using Kernel.Envs;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// Turns the policy network's output into a distribution over the env's actions: sampling during rollouts, and
/// log-probs, entropies and the analytic KL against the stored old policy during updates. Implemented for box
/// actions (<see cref="GaussianPolicyHead{T}"/>) and discrete ones (<see cref="CategoricalPolicyHead{T}"/>).
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public interface IPolicyHead<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Outputs the policy network must produce per state.</summary>
    int NetworkOutputs { get; }

    /// <summary>Numbers stored per sampled action (m for a box, 1 for a discrete index).</summary>
    int StoredActionSize { get; }

    /// <summary>
    /// Numbers that describe the old policy at one state (for the analytic KL after the update). The layout, the one
    /// every member taking an old policy shares: for the Gaussian heads (mu_1..mu_m, sigma_1..sigma_m), sigma itself
    /// and not log sigma, before any squashing; for the categorical the K logits. <see cref="Act"/> and
    /// <see cref="WriteOldPolicy"/> write it; <see cref="Kl"/>, <see cref="CheckOldPolicy"/> and
    /// <c>FisherPolicy.SetBatch</c> read it.
    /// </summary>
    int OldPolicySize { get; }

    /// <summary>Parameters the head owns besides the network (e.g. a state-independent log_std).</summary>
    IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>
    /// Samples one action per row of <paramref name="networkOutput"/> [batch, outputs] (recorded under no-grad): the
    /// action for the env, the action to store, its log-prob and the policy's parameters at that state.
    /// </summary>
    void Act(Tensor<T> networkOutput, KernelRandom random, Span<double> envActions, Span<double> storedActions, Span<double> logProbs, Span<double> oldPolicy);

    /// <summary>
    /// The deterministic action per row for evaluation (recorded under no-grad): the Gaussian's mean after its
    /// transform, clipped into the box; the categorical's most probable index.
    /// </summary>
    void ActDeterministic(Tensor<T> networkOutput, Span<double> envActions);

    /// <summary>The distribution at <paramref name="networkOutput"/> [batch, outputs] with its per-row log-prob of the stored actions and entropy.</summary>
    PolicyEvaluation<T> Evaluate(Tensor<T> networkOutput, ReadOnlySpan<double> storedActions);

    /// <summary>Analytic KL(old || new) per row, the old policy given by its stored numbers [batch * OldPolicySize] (constants).</summary>
    Tensor<T> Kl(in PolicyEvaluation<T> current, ReadOnlySpan<double> oldPolicy);

    /// <summary>
    /// Writes the policy of <paramref name="evaluation"/> as an old policy, [batch * OldPolicySize] in the layout of
    /// <see cref="OldPolicySize"/>, the same numbers <see cref="Act"/> writes for those states: how to make the KL's
    /// reference (for <c>FisherPolicy.SetBatch</c>, say) without knowing the layout.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="oldPolicy"/> does not have batch * OldPolicySize values.</exception>
    void WriteOldPolicy(in PolicyEvaluation<T> evaluation, Span<double> oldPolicy);

    /// <summary>
    /// Throws unless <paramref name="oldPolicy"/> can be an old policy of this head in the layout of
    /// <see cref="OldPolicySize"/>: every number finite and, for a Gaussian, every sigma &gt; 0 (a log sigma passed by
    /// mistake is usually not). The message names <paramref name="parameterName"/>, the index, the state and the value.
    /// </summary>
    /// <exception cref="ArgumentException">A number is not finite, or a Gaussian's sigma is not &gt; 0.</exception>
    void CheckOldPolicy(ReadOnlySpan<double> oldPolicy, string parameterName);

    /// <summary>
    /// The first number of <paramref name="oldPolicy"/> that <see cref="CheckOldPolicy"/> refuses, as its index and
    /// what it is within its state (e.g. "sigma of coordinate 0", "logit 2"), or null if there is none: how a rollout
    /// finds a policy that broke down (a sigma of 0) without an exception.
    /// </summary>
    (int Index, string What)? FirstInvalidOldPolicy(ReadOnlySpan<double> oldPolicy);

    /// <summary>
    /// The distribution's coordinates at each state, [batch, c], for Gauss-Newton Fisher-vector products: the mean
    /// then log sigma for a Gaussian (before squashing, where the KL is taken), the logits for a categorical.
    /// </summary>
    Tensor<T> FisherCoordinates(in PolicyEvaluation<T> current);

    /// <summary>
    /// M t per row, with M the distribution's analytic Fisher information in <see cref="FisherCoordinates"/>:
    /// diag(1/sigma^2) on the mean and 2 on each log sigma for a Gaussian, diag(p) - p p^T on the logits for a
    /// categorical. <paramref name="tangent"/> is [batch, c]; call it under no-grad (the result is a constant).
    /// </summary>
    Tensor<T> ApplyFisherMetric(in PolicyEvaluation<T> current, Tensor<T> tangent);

    /// <summary>Fills the head's diagnostics (std_min, mean_outside_box for a Gaussian; nothing for a categorical).</summary>
    void Describe(in PolicyEvaluation<T> current, Diagnostics.UpdateRecord record);
}
