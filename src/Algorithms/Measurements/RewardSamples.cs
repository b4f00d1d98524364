namespace Kernel.Algorithms.Measurements;

/// <summary>
/// How many samples the true mean reward of one landscape point is estimated from: <see cref="Count"/> whole episodes
/// (<see cref="Trajectories"/>) or <see cref="Count"/> state-action pairs (env steps over all copies).
/// </summary>
/// <param name="Count">Episodes or pairs, at least 1.</param>
/// <param name="Trajectories">Whether <see cref="Count"/> counts episodes (true) or state-action pairs (false).</param>
public readonly record struct RewardSamples(int Count, bool Trajectories)
{
    /// <summary>"32 trajectories" or "8192 pairs".</summary>
    public override string ToString() => Trajectories ? $"{Count} trajectories" : $"{Count} pairs";
}
