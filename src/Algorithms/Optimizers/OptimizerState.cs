namespace Kernel.Algorithms.Optimizers;

/// <summary>
/// An optimiser's state as plain values, for checkpoints: how many steps it has taken and its per-parameter buffers,
/// keyed "&lt;parameter name&gt;.&lt;buffer&gt;" with PyTorch's buffer names ("0.weight.exp_avg", "0.weight.exp_avg_sq",
/// "0.weight.momentum_buffer"). Values are widened to double, which is exact for fp32 and fp64 state.
/// The record does not copy the arrays: treat it as immutable.
/// </summary>
/// <param name="Optimizer">"adam" or "sgd"; importing into another kind of optimiser is refused.</param>
/// <param name="StepCount">Steps taken (PyTorch's "step"); Adam's bias corrections depend on it.</param>
/// <param name="Precision">The precision the buffers were kept in ("fp32" or "fp64"), for writers that store them natively.</param>
/// <param name="Buffers">Buffer values by key.</param>
public sealed record OptimizerState(string Optimizer, long StepCount, string Precision, IReadOnlyDictionary<string, double[]> Buffers);
