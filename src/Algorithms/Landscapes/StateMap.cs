namespace Kernel.Algorithms.Landscapes;

/// <summary>A deterministic discrete-time map s_{k+1} = F(s_k), applied in place (e.g. a closed loop: env step under a controller).</summary>
/// <param name="state">The state, replaced by its image.</param>
public delegate void StateMap(Span<double> state);
