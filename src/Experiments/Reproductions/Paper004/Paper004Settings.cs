using System.Globalization;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper004;

/// <summary>
/// Seed paper 004's settings (appendix A, Table 2), shared by its registered experiments, with the choices the paper
/// leaves open named here once so every report lists the same deviations. Options that apply to every algorithm go in
/// <see cref="Base"/>; each algorithm's own column of Table 2 is added per cell by <see cref="ForAlgorithm"/>
/// (options that apply to one algorithm are refused for the others). Table 2's values that equal the engine's
/// defaults of an algorithm (TRPO's delta, CG and line-search settings, PPO's clip, V-MPO's multipliers and bounds)
/// are not passed; tests pin that the resolved configurations hold the paper's values.
/// </summary>
public static class Paper004Settings
{
    /// <summary>The five algorithms of Figures 4 and 5, in the paper's legend order.</summary>
    public static readonly IReadOnlyList<string> Algorithms = ["reinforce", "a2c", "trpo", "ppo", "vmpo"];

    /// <summary>The four tasks of Figure 4 (Gymnasium v4, as in Table 3).</summary>
    public static readonly IReadOnlyList<string> Envs = ["HalfCheetah-v4", "Hopper-v4", "Humanoid-v4", "Ant-v4"];

    /// <summary>The tasks of the quick budget: the two cheapest, Hopper-v4 first (issue 20).</summary>
    public static readonly IReadOnlyList<string> QuickEnvs = ["Hopper-v4", "HalfCheetah-v4"];

    /// <summary>Training length of every run in Figures 4-7: 8 million environment steps.</summary>
    public const long PaperSteps = 8_000_000;

    /// <summary>Seeds per setting (Figure 4: "three runs with different random seeds").</summary>
    public const int PaperSeeds = 3;

    /// <summary>Unroll length: steps per env copy per batch (Table 2).</summary>
    public const int UnrollLength = 2048;

    /// <summary>Env copies of every algorithm but REINFORCE (appendix A).</summary>
    public const int ParallelEnvs = 8;

    /// <summary>Table 2's minibatches per batch for A2C, TRPO, PPO and V-MPO: minibatches of one unroll, 2048 samples.</summary>
    public const int Minibatches = 8;

    /// <summary>
    /// Environment steps between evaluations: 2 updates of 8 x 2048 (the authors' code evaluates PPO every 2 updates);
    /// REINFORCE's 2048-step batches evaluate every 16 updates, so all five share one grid of steps.
    /// </summary>
    public const int EvalEverySteps = 2 * ParallelEnvs * UnrollLength;

    /// <summary>Episodes per evaluation (the authors' code: 10).</summary>
    public const int EvalEpisodes = 10;

    /// <summary>
    /// The initial std of the squashed Gaussian: softplus(0) + 0.001, where Brax's NormalTanhDistribution (which the
    /// authors' code builds on) starts with its std output near 0 and adds a floor of 0.001.
    /// </summary>
    public const double InitialStd = 0.6941471805599453;

    /// <summary>The std floor of that distribution, c0 in softplus(rho) + c0.</summary>
    public const double StdFloor = 0.001;

    /// <summary>
    /// The options every algorithm gets (appendix A and the rows of Table 2 shared by all): 4 x 32 policy and 5 x 256
    /// value networks with swish (silu), tanh-squashed Gaussian, Adam lr 3e-4 (epsilon 1e-8, optax's default) with
    /// global-norm clip 0.5, gamma 0.99, unroll 2048, observations and rewards normalised by running statistics and
    /// clipped to [-10, 10], evaluation of 10 episodes with the mode. The 8-env values (8 x 2048 batches, 8 minibatches
    /// of 2048, 10 epochs, normalised advantages, GAE lambda 0.95) are the base; REINFORCE and A2C change theirs.
    /// </summary>
    public static List<KeyValuePair<string, string>> Base(long steps) =>
    [
        new("steps", steps.ToString(CultureInfo.InvariantCulture)),
        new("envs", ParallelEnvs.ToString(CultureInfo.InvariantCulture)), new("rollout-steps", UnrollLength.ToString(CultureInfo.InvariantCulture)),
        new("policy-hidden", "32,32,32,32"), new("value-hidden", "256,256,256,256,256"), new("activation", "silu"),
        new("squash", "true"), new("std", "softplus-offset"), new("softplus-offset", SweepSpec.Text(StdFloor)),
        new("initial-std", SweepSpec.Text(InitialStd)), new("orthogonal-init", "false"),
        new("learning-rate", "3e-4"), new("anneal-lr", "false"), new("adam-epsilon", "1e-8"), new("max-grad-norm", "0.5"),
        new("gamma", "0.99"), new("gae-lambda", "0.95"), new("normalize-advantages", "true"),
        new("epochs", "10"), new("minibatch-size", UnrollLength.ToString(CultureInfo.InvariantCulture)),
        new("normalize-observations", "true"), new("observation-clip", "10"), new("scale-rewards", "true"), new("reward-clip", "10"),
        new("value-coefficient", "0.5"), new("clip-value-loss", "false"),
        new("eval-every", "2"), new("eval-episodes", EvalEpisodes.ToString(CultureInfo.InvariantCulture)), new("checkpoint-every", "0"),
    ];

    /// <summary>
    /// The options of <paramref name="algorithm"/>'s column of Table 2 that differ from <see cref="Base"/>: REINFORCE
    /// runs one env copy (appendix A), one full-batch step per 2048-step batch, no baseline, no GAE (lambda 1 with no
    /// value network: discounted returns) and no advantage normalisation; A2C one epoch with entropy coefficient 0.1;
    /// V-MPO unnormalised advantages. TRPO's "1 epoch" is its one natural step; footnote 12's 10 value epochs are
    /// <c>epochs</c> there.
    /// </summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Algorithms"/>.</exception>
    public static KeyValuePair<string, string>[] ForAlgorithm(string algorithm) => algorithm switch
    {
        "reinforce" =>
        [
            new("envs", "1"), new("epochs", "1"), new("minibatch-size", "full-batch"), new("gae-lambda", "1"),
            new("normalize-advantages", "false"), new("reinforce-baseline", "false"), new("entropy-coefficient", "0"),
            new("eval-every", (EvalEverySteps / UnrollLength).ToString(CultureInfo.InvariantCulture)),
        ],
        "a2c" => [new("epochs", "1"), new("entropy-coefficient", "0.1")],
        "trpo" => [],
        "ppo" => [new("entropy-coefficient", "0")],
        "vmpo" => [new("normalize-advantages", "false"), new("entropy-coefficient", "0")],
        _ => throw new ArgumentException($"algorithm = {algorithm}: not one of paper 004's {string.Join(", ", Algorithms)}.", nameof(algorithm)),
    };

    /// <summary>
    /// A sweep over <paramref name="axes"/> (one of them <c>algo</c>) on <see cref="Base"/>, each cell with its
    /// algorithm's column (<see cref="ForAlgorithm"/>); options an axis sets win over the column.
    /// </summary>
    public static SweepSpec Spec(string name, long steps, IReadOnlyList<SweepAxis> axes, IReadOnlyList<KeyValuePair<string, string>>? baseOverrides = null)
    {
        List<KeyValuePair<string, string>> options = Base(steps);
        foreach (KeyValuePair<string, string> change in baseOverrides ?? [])
        {
            options.RemoveAll(option => option.Key == change.Key);
            options.Add(change);
        }

        return CellOptions.With(new SweepSpec(name, options, axes), cell => ForAlgorithm(cell.Get("algo")!));
    }

    /// <summary>Seeds 1..<paramref name="count"/> as option values.</summary>
    public static string[] Seeds(int count) => [.. Enumerable.Range(1, count).Select(seed => seed.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The deviations from the paper every 004 report lists.</summary>
    public static IReadOnlyList<string> CommonDeviations =>
    [
        "MuJoCo 2.2.2 (Debian's libmujoco) through our own C# port of Gymnasium's v4 tasks, not Gymnasium's Python envs; the networks and updates run in our engine (fp32 on the CPU), not JAX.",
        "The policy's std is a state-independent parameter (softplus(rho) + 0.001, starting at 0.694); the authors' Brax-style NormalTanhDistribution makes it a network output. The mode used in evaluation is tanh(mean), as theirs.",
        "Initialisation is PyTorch's default (uniform, fan-in scaled, with biases) instead of Flax's lecun-uniform weights with zero biases.",
        "The learning rate is constant. The authors' \"slight linear decay\" (optax linear_schedule from lr to 0.01 lr over 8M *optimiser steps*) has reached at most 0.5% of its way after 8M environment steps (PPO and V-MPO: 489 updates x 80 steps = 39k optimiser steps), so we leave it out.",
        "Episodes the time limit cuts are bootstrapped with V(final observation); the authors' GAE masks the step instead (no bootstrap).",
        "Figure 5's KL is kl_mean: the exact mean KL(pi_old || pi_new) over the batch's states after the update (for the squashed policy, the KL of the Gaussians before tanh, which is the same). The paper uses the k3 estimator for all but TRPO.",
        "The discount of REINFORCE (Table 2 prints \"—\") is 0.99, the authors' code's value.",
        "Seeds are ours (1-3); the paper does not list its seeds.",
    ];

    /// <summary>The display name of an algorithm, as the paper's legends spell it.</summary>
    public static string Display(string algorithm) => algorithm switch
    {
        "reinforce" => "REINFORCE",
        "a2c" => "A2C",
        "trpo" => "TRPO",
        "ppo" => "PPO",
        "vmpo" => "V-MPO",
        _ => algorithm,
    };
}
