namespace Kernel.Envs;

/// <summary>What one step returns besides the observation (Gymnasium's reward, terminated, truncated).</summary>
/// <param name="Reward">The reward for the transition.</param>
/// <param name="Terminated">The episode ended in a terminal state of the MDP (no bootstrapping).</param>
/// <param name="Truncated">The episode was cut short (time limit); bootstrap from the observation.</param>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>Terminated or truncated: the env must be reset before the next step.</summary>
    public bool Done => Terminated || Truncated;
}
