using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// AVX-512 micro-kernel: a 12 x (2 x Vector512) register tile (12 x 32 floats or 12 x 16 doubles).
/// Per step p it loads two vectors of packed B and broadcasts each of the MR packed A values into fused multiply-adds;
/// the 24 accumulators stay in registers for the whole kc loop.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly struct GemmMicroKernel512<T> : IGemmMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public static int MR => 12;

    /// <inheritdoc />
    public static int NR => 2 * Vector512<T>.Count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Compute(int kc, T* packedA, T* packedB, T* c, nint ldc, T alpha, T beta)
    {
        T* pa = packedA;
        T* pb = packedB;
        Vector512<T> c00 = default, c01 = default;
        Vector512<T> c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default;
        Vector512<T> c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default;
        Vector512<T> c70 = default, c71 = default;
        Vector512<T> c80 = default, c81 = default;
        Vector512<T> c90 = default, c91 = default;
        Vector512<T> c100 = default, c101 = default;
        Vector512<T> c110 = default, c111 = default;
        Vector512<T> a, b0, b1;
        for (int p = 0; p < kc; p++)
        {
            b0 = Vector512.Load(pb);
            b1 = Vector512.Load(pb + Vector512<T>.Count);
            a = Vector512.Create(pa[0]);
            c00 = GemmSimd.Fma(a, b0, c00);
            c01 = GemmSimd.Fma(a, b1, c01);
            a = Vector512.Create(pa[1]);
            c10 = GemmSimd.Fma(a, b0, c10);
            c11 = GemmSimd.Fma(a, b1, c11);
            a = Vector512.Create(pa[2]);
            c20 = GemmSimd.Fma(a, b0, c20);
            c21 = GemmSimd.Fma(a, b1, c21);
            a = Vector512.Create(pa[3]);
            c30 = GemmSimd.Fma(a, b0, c30);
            c31 = GemmSimd.Fma(a, b1, c31);
            a = Vector512.Create(pa[4]);
            c40 = GemmSimd.Fma(a, b0, c40);
            c41 = GemmSimd.Fma(a, b1, c41);
            a = Vector512.Create(pa[5]);
            c50 = GemmSimd.Fma(a, b0, c50);
            c51 = GemmSimd.Fma(a, b1, c51);
            a = Vector512.Create(pa[6]);
            c60 = GemmSimd.Fma(a, b0, c60);
            c61 = GemmSimd.Fma(a, b1, c61);
            a = Vector512.Create(pa[7]);
            c70 = GemmSimd.Fma(a, b0, c70);
            c71 = GemmSimd.Fma(a, b1, c71);
            a = Vector512.Create(pa[8]);
            c80 = GemmSimd.Fma(a, b0, c80);
            c81 = GemmSimd.Fma(a, b1, c81);
            a = Vector512.Create(pa[9]);
            c90 = GemmSimd.Fma(a, b0, c90);
            c91 = GemmSimd.Fma(a, b1, c91);
            a = Vector512.Create(pa[10]);
            c100 = GemmSimd.Fma(a, b0, c100);
            c101 = GemmSimd.Fma(a, b1, c101);
            a = Vector512.Create(pa[11]);
            c110 = GemmSimd.Fma(a, b0, c110);
            c111 = GemmSimd.Fma(a, b1, c111);
            pa += 12;
            pb += 2 * Vector512<T>.Count;
        }

        bool readC = beta != T.Zero;
        Vector512<T> va = Vector512.Create(alpha);
        Vector512<T> vb = Vector512.Create(beta);
        GemmSimd.MergeRow(c + (0 * ldc), c00, c01, va, vb, readC);
        GemmSimd.MergeRow(c + (1 * ldc), c10, c11, va, vb, readC);
        GemmSimd.MergeRow(c + (2 * ldc), c20, c21, va, vb, readC);
        GemmSimd.MergeRow(c + (3 * ldc), c30, c31, va, vb, readC);
        GemmSimd.MergeRow(c + (4 * ldc), c40, c41, va, vb, readC);
        GemmSimd.MergeRow(c + (5 * ldc), c50, c51, va, vb, readC);
        GemmSimd.MergeRow(c + (6 * ldc), c60, c61, va, vb, readC);
        GemmSimd.MergeRow(c + (7 * ldc), c70, c71, va, vb, readC);
        GemmSimd.MergeRow(c + (8 * ldc), c80, c81, va, vb, readC);
        GemmSimd.MergeRow(c + (9 * ldc), c90, c91, va, vb, readC);
        GemmSimd.MergeRow(c + (10 * ldc), c100, c101, va, vb, readC);
        GemmSimd.MergeRow(c + (11 * ldc), c110, c111, va, vb, readC);
    }
}
