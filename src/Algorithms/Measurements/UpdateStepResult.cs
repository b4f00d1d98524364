namespace Kernel.Algorithms.Measurements;

/// <summary>What <see cref="UpdateStepVariance.Measure"/> found.</summary>
/// <param name="Estimates">K, update steps estimated.</param>
/// <param name="States">Shared states the KLs are averaged over.</param>
/// <param name="Pairwise">The K(K-1)/2 pairwise cosine similarities of the policy steps, pairs (0,1), (0,2), ..., (1,2), ...</param>
/// <param name="PairwiseKl">The mean KL(pi_i || pi_j) of the same pairs.</param>
/// <param name="Norms">Each policy step's Euclidean norm.</param>
/// <param name="StepKl">Each step's mean KL(pi_old || pi_k) on the shared states.</param>
/// <param name="Parameters">The policy step's length.</param>
public sealed record UpdateStepResult(int Estimates, int States, double[] Pairwise, double[] PairwiseKl, double[] Norms, double[] StepKl, int Parameters);
