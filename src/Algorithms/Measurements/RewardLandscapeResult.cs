namespace Kernel.Algorithms.Measurements;

/// <summary>What <see cref="RewardLandscape.Measure"/> found, on the grid theta + a * step + b * random.</summary>
/// <param name="StepOffsets">The offsets a along the step, ascending.</param>
/// <param name="RandomOffsets">The offsets b along the random direction, ascending.</param>
/// <param name="TrueReward">The true mean reward [a index, b index] (NaN where no episode finished).</param>
/// <param name="Episodes">Episodes each true reward is the mean of [a index, b index].</param>
/// <param name="Surrogate">The surrogate objective [a index, b index] on the step's batch.</param>
/// <param name="StepSamples">State-action pairs of the batch the step and the surrogate come from.</param>
/// <param name="StepNorm">The Euclidean norm of the policy's step.</param>
/// <param name="Parameters">The policy's parameter count (the directions' length).</param>
/// <param name="EnvSteps">Env steps the true rewards took, all points.</param>
/// <param name="SampleSeconds">Wall-clock seconds the true rewards took.</param>
/// <param name="SurrogateSeconds">Wall-clock seconds the surrogates took.</param>
public sealed record RewardLandscapeResult(
    double[] StepOffsets,
    double[] RandomOffsets,
    double[,] TrueReward,
    int[,] Episodes,
    double[,] Surrogate,
    int StepSamples,
    double StepNorm,
    int Parameters,
    long EnvSteps,
    double SampleSeconds,
    double SurrogateSeconds)
{
    /// <summary>State-action pairs sampled per second for the true rewards (env steps, policy forward passes).</summary>
    public double SamplesPerSecond => EnvSteps / SampleSeconds;
}
