namespace Kernel.Kernels;

/// <summary>
/// Settings for one GEMM call (<see cref="Cpu.Gemm"/>).
/// </summary>
/// <param name="Accumulation">
/// How fp16 (<see cref="Half"/>) products accumulate: <see cref="Accumulation.Widened"/> (default) computes in fp32 and
/// rounds once to fp16 per output element; <see cref="Accumulation.Strict"/> rounds to fp16 after every multiply-add.
/// Ignored for fp32 and fp64, which always accumulate in their own precision.
/// </param>
/// <param name="MaxThreads">
/// 0 (default) decides by work size: small products stay on the caller's thread, large ones use up to all cores.
/// 1 keeps the call on the caller's thread. 2 or more uses up to that many threads (never more than the cores).
/// Negative values are rejected by <see cref="Cpu.Gemm.Multiply{T}(Transpose, Transpose, int, int, int, T, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, T, Span{T}, int, GemmOptions)"/>.
/// </param>
public readonly record struct GemmOptions(Accumulation Accumulation = Accumulation.Widened, int MaxThreads = 0);
