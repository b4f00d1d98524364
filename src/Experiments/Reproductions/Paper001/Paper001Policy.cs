namespace Kernel.Experiments.Reproductions.Paper001;

/// <summary>
/// The action distribution of paper 001's PPO and TRPO (their OpenAI-baselines-based implementations): a Gaussian with
/// a state-independent log-std, sampled actions clipped by the env, log-probs at the raw sample. Every paper-001
/// experiment trains with it, for PPO, PPO-M and TRPO alike, because the engine's defaults differ in ways the
/// measurements see: PPO's log-prob at the clipped action makes its gradient estimates look concentrated, and TRPO's
/// default Gaussian is tanh-squashed (docs/reproductions/001/trpo-gradient-concentration.md).
/// </summary>
internal static class Paper001Policy
{
    /// <summary>The training options that select it.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Options { get; } = [new("squash", "false"), new("log-prob-at", "raw-sample")];

    /// <summary>The deviation line every paper-001 report gives for it.</summary>
    public const string Deviation =
        "One action distribution for every algorithm, the paper's (a Gaussian with state-independent log-std, actions clipped by the env, log-probs at the raw sample: `--squash false --log-prob-at raw-sample`), not the engine's defaults (PPO: log-prob at the clipped action, paper 000's setting; TRPO: tanh-squashed, 004 Table 2's).";
}
