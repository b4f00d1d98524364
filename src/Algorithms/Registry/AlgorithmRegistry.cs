using Kernel.Algorithms.Mollification;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Registry;

/// <summary>
/// Every algorithm <c>kernel train --algo</c> runs, by name: the one list the command line, <c>kernel algos list</c>,
/// config.json and the docs read. An entry is the algorithm, top to bottom: name, summary with the paper, objective,
/// and only where they differ from PPO's, its defaults, scopes and update. Adding an algorithm is one entry here
/// (docs/extending.md).
/// Thread-safety: immutable.
/// </summary>
public static class AlgorithmRegistry
{
    private const SettingScopes Epochs = SettingScopes.FirstOrder;

    private static readonly Algorithm[] Table =
    [
        new("reinforce", "REINFORCE (004 section 4.1): Monte Carlo returns, one full-batch step per rollout, optional learned baseline.", ObjectiveRecipe.Vanilla)
        {
            Defaults = c => c with
            {
                Rollout = c.Rollout with { GaeLambda = 1.0 },
                Optimizer = c.Optimizer with { Epochs = 1, MinibatchSize = MinibatchSize.FullBatch, AnnealLearningRate = false, LearningRate = 1e-3 },
                Value = c.Value with { ClipValueLoss = false },
            },
            Scopes = Epochs | SettingScopes.Baseline,
            LearnsValue = c => c.Value.ReinforceBaseline,
        },
        new("a2c", "A2C (004 section 4.2): advantage actor-critic, one full-batch step per rollout with an entropy bonus.", ObjectiveRecipe.Vanilla)
        {
            Defaults = c => c with
            {
                Optimizer = c.Optimizer with { Epochs = 1, MinibatchSize = MinibatchSize.FullBatch, LearningRate = 7e-4 },
                Policy = c.Policy with { EntropyCoefficient = 0.01 },
                Value = c.Value with { ClipValueLoss = false },
            },
        },
        new("vpg", "Vanilla policy gradient (000 eq 13) with GAE advantages and 000 Table 4's settings.", ObjectiveRecipe.Vanilla)
        {
            Defaults = c => c with
            {
                Rollout = c.Rollout with { NormalizeAdvantages = false },
                Optimizer = c.Optimizer with { Epochs = 1, MinibatchSize = MinibatchSize.FullBatch, MaxGradNorm = 1.0 },
                Value = c.Value with { ClipValueLoss = false },
            },
        },
        new("ppo", "PPO (000 eq 11) with the implementation details of 001 section 3: clipped surrogate, minibatch epochs.", ObjectiveRecipe.Clipped),
        new("ppo-m", "PPO-M (001 section 4): PPO without value clipping, reward scaling, orthogonal init or learning-rate annealing.", ObjectiveRecipe.Clipped)
        {
            Defaults = c => c with
            {
                OrthogonalInit = false,
                Rollout = c.Rollout with { ScaleRewards = false },
                Optimizer = c.Optimizer with { AnnealLearningRate = false },
                Value = c.Value with { ClipValueLoss = false },
            },
        },
        new("ppo-kl", "PPO-KL (000 eq 12; adaptive beta as in 003): the surrogate minus beta times the KL to the rollout policy.", ObjectiveRecipe.KlPenalized)
        {
            Scopes = Epochs | SettingScopes.KlPenalty,
        },
        new("ppo-noclip", "PPO's importance-sampled surrogate with no clip or penalty (000 Fig 3c).", ObjectiveRecipe.Unclipped),
        new("cpg", "CPG (000 eq 15): policy gradient with the log-ratio clipped to [log(1 - eps), log(1 + eps)].", ObjectiveRecipe.LogRatioClipped),
        new("ppo-dualclip", "Dual-clip PPO (Ye et al. 2020, eq 5): PPO's clip, and 3 A as a floor under negative advantages.", new DualClipRecipe()),

        // 004 Table 2's TRPO and V-MPO columns; box actions squashed with tanh as in 004 appendix A (docs/reproductions/001/trust-regions.md).
        new("trpo", "TRPO (004 section 4.3, Algorithm 5): a natural-gradient step per batch within a KL budget, with a line search.", ObjectiveRecipe.Unclipped)
        {
            Defaults = c => c with
            {
                Optimizer = c.Optimizer with { MinibatchSize = 256 },
                Policy = c.Policy with { Squash = true },
                Value = c.Value with { ClipValueLoss = false },
            },
            Scopes = SettingScopes.NaturalGradient | SettingScopes.LineSearch,
            Update = UpdateRecipe.TrustRegion,
        },
        new("npg", "Natural policy gradient (004 section 4.3): TRPO's natural-gradient step without the line search.", ObjectiveRecipe.Unclipped)
        {
            Defaults = c => c with
            {
                Optimizer = c.Optimizer with { MinibatchSize = 256 },
                Policy = c.Policy with { Squash = true },
                Value = c.Value with { ClipValueLoss = false },
            },
            Scopes = SettingScopes.NaturalGradient,
            Update = UpdateRecipe.NaturalGradient,
        },
        new("vmpo", "V-MPO (004 section 4.5, Algorithm 8): weighted maximum likelihood on the top-half advantages with learned multipliers.", ObjectiveRecipe.VMpo)
        {
            Defaults = c => c with
            {
                Rollout = c.Rollout with { NormalizeAdvantages = false },
                Optimizer = c.Optimizer with { MinibatchSize = 256 },
                Policy = c.Policy with { Squash = true },
                Value = c.Value with { ClipValueLoss = false },
            },
            Scopes = Epochs | SettingScopes.VMpo,
            Update = UpdateRecipe.VMpo,
        },

        // Its own loop (no value network, whole trajectories, fixed sigma); the objective is the score-function
        // (vanilla) one it computes by hand. Defaults: Table 1's double pendulum column, 50 epochs of 16 x 1000 steps.
        new("mollified-pg", "Mollified policy gradient (002 sections 4-6, appendix F): a fixed-sigma Gaussian around a linear or tanh controller, one normalised step per batch of whole trajectories.", ObjectiveRecipe.Vanilla)
        {
            Defaults = c => c with { TotalSteps = 50L * 16 * 1000 },
            Scopes = SettingScopes.Mollified,
            LearnsValue = _ => false,
            Trainer = MollifiedTrainerRecipe.Instance,
            BatchSize = c => c.Mollified.TrajectoriesPerEpoch * c.Mollified.Horizon,
        },
    ];

    /// <summary>The registered algorithms, in the order the docs list them.</summary>
    public static IReadOnlyList<Algorithm> All { get; } = Array.AsReadOnly(Table);

    /// <summary>The registered names, comma-separated (for messages).</summary>
    public static string Names => string.Join(", ", Table.Select(algorithm => algorithm.Name));

    /// <summary>The algorithm called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No algorithm has that name (the message lists the names).</exception>
    public static Algorithm Get(string name)
        => Table.FirstOrDefault(algorithm => algorithm.Name == name)
            ?? throw new ArgumentOutOfRangeException("algo", name, $"algo = {name}: must be one of {Names}.");

    /// <summary>Whether an algorithm is called <paramref name="name"/>.</summary>
    public static bool Contains(string name) => Table.Any(algorithm => algorithm.Name == name);

    /// <summary>The defaults of the algorithm called <paramref name="name"/>: the shared defaults with its own applied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No algorithm has that name.</exception>
    public static TrainConfig Defaults(string name) => Get(name).Defaults(new TrainConfig { Algo = name });
}
