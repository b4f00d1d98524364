namespace Kernel.Algorithms.Measurements;

/// <summary>What <see cref="BaselineComparison.Measure"/> found; arrays by baseline follow <see cref="BaselineComparison.Baselines"/>.</summary>
/// <param name="Samples">The sample counts N.</param>
/// <param name="Estimates">M per N.</param>
/// <param name="Pairwise">Per baseline, per N, the M(M-1)/2 pairwise cosine similarities of the estimates.</param>
/// <param name="ReturnsMre">Per baseline, per estimate's sample, the mean relative error of b(s) against the empirical returns (zero's is 1).</param>
/// <param name="FittedSamples">Samples the true value function was fitted on (those with an empirical return).</param>
/// <param name="FitLosses">The fit's mean squared error after each epoch.</param>
public sealed record BaselineResult(int[] Samples, int Estimates, double[][][] Pairwise, double[][] ReturnsMre, int FittedSamples, IReadOnlyList<double> FitLosses);
