using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// AVX2 micro-kernel: a 6 x (2 x Vector256) register tile (6 x 16 floats or 6 x 8 doubles).
/// Per step p it loads two vectors of packed B and broadcasts each of the MR packed A values into fused multiply-adds;
/// the 12 accumulators stay in registers for the whole kc loop.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly struct GemmMicroKernel256<T> : IGemmMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public static int MR => 6;

    /// <inheritdoc />
    public static int NR => 2 * Vector256<T>.Count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Compute(int kc, T* packedA, T* packedB, T* c, nint ldc, T alpha, T beta)
    {
        T* pa = packedA;
        T* pb = packedB;
        Vector256<T> c00 = default, c01 = default;
        Vector256<T> c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default;
        Vector256<T> c50 = default, c51 = default;
        Vector256<T> a, b0, b1;
        for (int p = 0; p < kc; p++)
        {
            b0 = Vector256.Load(pb);
            b1 = Vector256.Load(pb + Vector256<T>.Count);
            a = Vector256.Create(pa[0]);
            c00 = GemmSimd.Fma(a, b0, c00);
            c01 = GemmSimd.Fma(a, b1, c01);
            a = Vector256.Create(pa[1]);
            c10 = GemmSimd.Fma(a, b0, c10);
            c11 = GemmSimd.Fma(a, b1, c11);
            a = Vector256.Create(pa[2]);
            c20 = GemmSimd.Fma(a, b0, c20);
            c21 = GemmSimd.Fma(a, b1, c21);
            a = Vector256.Create(pa[3]);
            c30 = GemmSimd.Fma(a, b0, c30);
            c31 = GemmSimd.Fma(a, b1, c31);
            a = Vector256.Create(pa[4]);
            c40 = GemmSimd.Fma(a, b0, c40);
            c41 = GemmSimd.Fma(a, b1, c41);
            a = Vector256.Create(pa[5]);
            c50 = GemmSimd.Fma(a, b0, c50);
            c51 = GemmSimd.Fma(a, b1, c51);
            pa += 6;
            pb += 2 * Vector256<T>.Count;
        }

        bool readC = beta != T.Zero;
        Vector256<T> va = Vector256.Create(alpha);
        Vector256<T> vb = Vector256.Create(beta);
        GemmSimd.MergeRow(c + (0 * ldc), c00, c01, va, vb, readC);
        GemmSimd.MergeRow(c + (1 * ldc), c10, c11, va, vb, readC);
        GemmSimd.MergeRow(c + (2 * ldc), c20, c21, va, vb, readC);
        GemmSimd.MergeRow(c + (3 * ldc), c30, c31, va, vb, readC);
        GemmSimd.MergeRow(c + (4 * ldc), c40, c41, va, vb, readC);
        GemmSimd.MergeRow(c + (5 * ldc), c50, c51, va, vb, readC);
    }
}
