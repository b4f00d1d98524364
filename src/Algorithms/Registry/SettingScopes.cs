namespace Kernel.Algorithms.Registry;

/// <summary>
/// Which algorithms or envs a setting applies to (<see cref="AppliesToAttribute"/>); a setting outside the scopes of
/// the chosen algorithm and env is refused rather than silently ignored.
/// </summary>
[Flags]
public enum SettingScopes
{
    /// <summary>Every algorithm and env.</summary>
    None = 0,

    /// <summary>Algorithms updated by epochs of first-order minibatch steps on the total loss (not TRPO or NPG).</summary>
    FirstOrder = 1,

    /// <summary>PPO-KL's penalty coefficient and its adaptation.</summary>
    KlPenalty = 2,

    /// <summary>The natural-gradient step of TRPO and NPG (KL budget, CG, Fisher products).</summary>
    NaturalGradient = 4,

    /// <summary>TRPO's backtracking line search.</summary>
    LineSearch = 8,

    /// <summary>V-MPO's multipliers and KL bounds.</summary>
    VMpo = 16,

    /// <summary>REINFORCE's optional learned baseline.</summary>
    Baseline = 32,

    /// <summary>Envs with a box (continuous) action space: the Gaussian policy's settings.</summary>
    BoxActions = 64,

    /// <summary>mollified-pg's controller, fixed sigma and normalised step (seed paper 002).</summary>
    Mollified = 128,

    /// <summary>
    /// Algorithms trained by the actor-critic trainer (every one that names no trainer of its own; added by
    /// <see cref="Settings.ScopesOf"/>): networks, optimiser, GAE and reward/observation scaling.
    /// </summary>
    ActorCritic = 256,
}
