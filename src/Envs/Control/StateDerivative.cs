namespace Kernel.Envs.Control;

/// <summary>The right-hand side f(s, u) of a continuous-time system s' = f(s, u).</summary>
/// <param name="state">The state s.</param>
/// <param name="control">The (already saturated) control u.</param>
/// <param name="derivative">Receives ds/dt; same length as <paramref name="state"/>.</param>
public delegate void StateDerivative(ReadOnlySpan<double> state, ReadOnlySpan<double> control, Span<double> derivative);
