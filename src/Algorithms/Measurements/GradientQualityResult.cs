namespace Kernel.Algorithms.Measurements;

/// <summary>What <see cref="GradientQuality.Measure"/> found: per sample count, the raw cosines and gradient norms.</summary>
/// <param name="Samples">The sample counts N.</param>
/// <param name="Estimates">M, estimates per N.</param>
/// <param name="TrueSamples">Samples of the true gradient.</param>
/// <param name="Pairwise">Per N, the M(M-1)/2 pairwise cosine similarities of the estimates (Fig 2).</param>
/// <param name="ToTrue">Per N, each estimate's cosine similarity to the true gradient (Fig 3).</param>
/// <param name="Norms">Per N, each estimate's Euclidean norm.</param>
/// <param name="TrueNorm">The true gradient's norm.</param>
/// <param name="Parameters">The gradient's length (policy parameters).</param>
/// <param name="EnvSteps">Env steps taken to collect every sample set (warm-up rollouts included).</param>
/// <param name="CollectSeconds">Wall-clock seconds spent collecting them.</param>
public sealed record GradientQualityResult(
    int[] Samples,
    int Estimates,
    int TrueSamples,
    double[][] Pairwise,
    double[][] ToTrue,
    double[][] Norms,
    double TrueNorm,
    int Parameters,
    long EnvSteps,
    double CollectSeconds)
{
    /// <summary>State-action pairs collected per wall-clock second (env steps, policy and value forward passes, GAE).</summary>
    public double SamplesPerSecond => EnvSteps / CollectSeconds;
}
