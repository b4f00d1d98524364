namespace Kernel.Algorithms.Landscapes;

/// <summary>One evaluated landscape point.</summary>
/// <param name="A">The first grid coordinate (along d1, or the first action coordinate of a Q-landscape).</param>
/// <param name="B">The second grid coordinate (0 on a 1-D slice).</param>
/// <param name="Mean">The mean return over the point's trajectories (NaN if any diverged to a non-finite value).</param>
/// <param name="StandardDeviation">The sample standard deviation of those returns (0 for one trajectory).</param>
public readonly record struct LandscapePoint(double A, double B, double Mean, double StandardDeviation);
