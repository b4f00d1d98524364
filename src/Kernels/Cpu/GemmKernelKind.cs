using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kernel.Kernels.Cpu;

/// <summary>Which register-blocked micro-kernel a GEMM call runs (fp32 and fp64; fp16 runs the fp32 one).</summary>
internal enum GemmKernelKind
{
    /// <summary>Portable scalar 4x4 tile; used where no 256-bit SIMD is accelerated.</summary>
    Scalar = 0,

    /// <summary>6 rows x 2 <see cref="Vector256{T}"/> tile with fused multiply-add (the required baseline).</summary>
    Vector256 = 1,

    /// <summary>12 rows x 2 <see cref="Vector512{T}"/> tile with fused multiply-add (AVX-512 machines).</summary>
    Vector512 = 2,
}

/// <summary>
/// Picks the micro-kernel for this machine. Tests may pin a kind with <see cref="Override"/> to exercise every path
/// the hardware supports.
/// </summary>
internal static class GemmKernelSelector
{
    /// <summary>The best kernel this machine accelerates.</summary>
    public static readonly GemmKernelKind Best =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmKernelKind.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmKernelKind.Vector256
        : GemmKernelKind.Scalar;

    [ThreadStatic]
    private static int overrideKind;

    /// <summary>
    /// Forces a kernel kind for later calls made on this thread (for tests and benchmarks), or null for
    /// <see cref="Best"/>. A kind the hardware does not accelerate is rejected.
    /// </summary>
    public static GemmKernelKind? Override
    {
        get => overrideKind == 0 ? null : (GemmKernelKind)(overrideKind - 1);
        set
        {
            if (value is { } kind && kind > Best)
            {
                throw new ArgumentException($"Kernel {kind} is not accelerated on this machine (best: {Best}).", nameof(value));
            }

            overrideKind = value is { } k ? (int)k + 1 : 0;
        }
    }

    /// <summary>The kernel the next call on this thread will use.</summary>
    public static GemmKernelKind Current => overrideKind == 0 ? Best : (GemmKernelKind)(overrideKind - 1);
}
