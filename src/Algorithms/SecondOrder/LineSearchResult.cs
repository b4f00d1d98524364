namespace Kernel.Algorithms.SecondOrder;

/// <summary>The outcome of one <see cref="BacktrackingLineSearch.Search{T}"/>.</summary>
/// <param name="Accepted">Whether a step satisfied both conditions; if not, the parameters are exactly theta_old.</param>
/// <param name="Steps">Steps evaluated (1 when the full step was accepted).</param>
/// <param name="StepFraction">The accepted fraction shrink^(Steps - 1) of the full step, or 0 when none was.</param>
/// <param name="Surrogate">The surrogate at the final parameters.</param>
/// <param name="MeanKl">The mean KL at the final parameters (0 when none was accepted).</param>
public readonly record struct LineSearchResult(bool Accepted, int Steps, double StepFraction, double Surrogate, double MeanKl);
