namespace Kernel.Algorithms.Landscapes;

/// <summary>An estimate of the maximal Lyapunov exponent of a map.</summary>
/// <param name="PerStep">Exponent per step: the mean of ln(d_k / d0) over the measured steps.</param>
/// <param name="PerSecond">PerStep divided by the step length in seconds.</param>
/// <param name="Steps">The measured steps (after the transient).</param>
/// <param name="Separation">The renormalised separation d0.</param>
public sealed record LyapunovEstimate(double PerStep, double PerSecond, int Steps, double Separation);
