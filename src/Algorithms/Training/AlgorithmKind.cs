namespace Kernel.Algorithms.Training;

/// <summary>The policy-gradient algorithms <c>kernel train --algo</c> runs (command-line names in brackets).</summary>
public enum AlgorithmKind
{
    /// <summary>REINFORCE [reinforce] (004 4.1): Monte Carlo returns, one gradient step per batch; with a learned baseline when <see cref="TrainConfig.ReinforceBaseline"/> is set.</summary>
    Reinforce,

    /// <summary>A2C [a2c] (004 4.2): advantage actor-critic, one epoch over the whole batch, entropy bonus.</summary>
    A2c,

    /// <summary>Vanilla policy gradient [vpg] (000 eq 13) with GAE advantages, 000 Table 4's settings.</summary>
    Vpg,

    /// <summary>PPO [ppo] (000 eq 11) with the implementation details of 001 section 3.</summary>
    Ppo,

    /// <summary>PPO-M [ppo-m] (001 section 4): no value clipping, no reward scaling, default initialisation, fixed learning rate.</summary>
    PpoM,

    /// <summary>PPO with a KL penalty [ppo-kl] (000 eq 12, fixed b; adaptive beta as in 003 when <see cref="TrainConfig.AdaptiveKl"/> is set).</summary>
    PpoKl,

    /// <summary>PPO's importance-sampled surrogate with no constraint at all [ppo-noclip] (000 Fig 3c).</summary>
    PpoNoClip,

    /// <summary>CPG [cpg], vanilla policy gradient with log-ratio clipping (000 eq 15).</summary>
    Cpg,

    /// <summary>
    /// TRPO [trpo] (004 section 4.3, Algorithm 5; 003): one natural-gradient policy step per batch, the direction by
    /// conjugate gradient on Fisher-vector products, scaled to the KL budget and backtracked until the mean KL is within
    /// it and the surrogate improves; the value network trained by Adam for its own epochs.
    /// </summary>
    Trpo,

    /// <summary>Natural policy gradient [npg]: TRPO's step taken without the line search.</summary>
    Npg,

    /// <summary>
    /// V-MPO [vmpo] (004 section 4.5, Algorithm 8): advantage-weighted maximum likelihood over the top half of the
    /// advantages, a learned temperature and KL multipliers (decoupled mean and std KL for a Gaussian), minibatch Adam.
    /// </summary>
    Vmpo,
}
