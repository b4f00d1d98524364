namespace Kernel.Kernels.Cpu;

/// <summary>
/// A register-blocked GEMM micro-kernel: multiplies one packed MR x kc sliver of A by one packed kc x NR sliver of B
/// and merges the MR x NR result into C as <c>C = alpha * AB + beta * C</c> (C is not read when beta is zero).
/// </summary>
/// <remarks>
/// Packed A holds, for each p in 0..kc, the MR values of column p; packed B holds, for each p, the NR values of row p.
/// Both are zero-padded to full tiles, so the kernel never branches on edges; the driver handles partial C tiles.
/// Per element the kernel computes <c>FusedMultiplyAdd(ab, alpha, beta * c)</c>, or <c>ab * alpha</c> when beta is zero,
/// with ab accumulated by fused multiply-adds in increasing p. Every kernel and the edge path use these same
/// operations so results do not depend on tiling or threading.
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
internal interface IGemmMicroKernel<T>
    where T : unmanaged
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>Computes one full MR x NR tile.</summary>
    static abstract unsafe void Compute(int kc, T* packedA, T* packedB, T* c, nint ldc, T alpha, T beta);
}
