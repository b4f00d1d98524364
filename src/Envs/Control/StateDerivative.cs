using System.Numerics;

namespace Kernel.Envs.Control;

/// <summary>The right-hand side f(s, u) of a continuous-time system s' = f(s, u), computed in <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The arithmetic (double for the envs, float for fp32 landscapes).</typeparam>
/// <param name="state">The state s.</param>
/// <param name="control">The (already saturated) control u.</param>
/// <param name="derivative">Receives ds/dt; same length as <paramref name="state"/>.</param>
public delegate void StateDerivative<T>(ReadOnlySpan<T> state, ReadOnlySpan<T> control, Span<T> derivative)
    where T : struct, IFloatingPointIeee754<T>;
