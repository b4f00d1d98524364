namespace Kernel.Kernels;

/// <summary>
/// How fp16 reductions and GEMM accumulate. fp32 and fp64 always accumulate in their own precision.
/// </summary>
public enum Accumulation
{
    /// <summary>Accumulate fp16 data in fp32 and round once at the end (the default).</summary>
    Widened = 0,

    /// <summary>Accumulate fp16 data in fp16, rounding after every addition, to show the worst case.</summary>
    Strict = 1,
}
