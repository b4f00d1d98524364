namespace Kernel.Kernels.Gpu;

/// <summary>Which reduction a reduction kernel computes (the op code passed to the device).</summary>
internal enum ReductionKind
{
    Sum = 0,
    SumOfSquares = 1,
    Dot = 2,
    Max = 3,
    Min = 4,
    LogSumExp = 5,
    Mean = 6,
}
