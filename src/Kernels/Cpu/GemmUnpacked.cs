using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Small products without packing A (AVX-512): <c>C = alpha * op(A) * op(B) + beta * C</c> with k &lt;= KC and
/// m n k &lt;= <see cref="MaxWork"/>, or any m on one thread when op(B) fits in <see cref="MaxPanelBytes"/> (the
/// 2048 x 64 @ 64 x 64 products of a batch-2048 MLP), on the caller's thread. The packed driver copies all of op(A) and op(B) before
/// the first multiply-add, which for RL-sized layers ((64x64)^T @ 64x17 and the like) cost more than the products.
/// Here an 8 x (2 x Vector512) register tile broadcasts A's elements from where they are, for either transpose of A,
/// and loads B's rows straight from an untransposed B (row stride ldb); only a transposed B (a layer's forward
/// x W^T: its weight, usually the smaller operand) and the ragged last column block are copied, zero-padded, so no
/// load crosses B's end.
/// <para>
/// Each element of C gets exactly the packed kernels' arithmetic: fused multiply-adds in increasing k from zero, then
/// fma(sum, alpha, beta * c), or sum * alpha when beta is 0. So results are bitwise those of the packed path.
/// </para>
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[SkipLocalsInit]
internal static unsafe class GemmUnpacked<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>m n k up to 64^3 take this path.</summary>
    public const long MaxWork = 64 * 64 * 64;

    private const int MR = 8;

    private static int NR => 2 * Vector512<T>.Count;

    /// <summary>Bytes of op(B) up to which a one-thread product of any height takes this path: B stays in L1.</summary>
    public const int MaxPanelBytes = 32 * 1024;

    /// <summary>Whether this path computes the product (the caller has checked the arguments).</summary>
    public static bool Applies(int m, int n, int k, int threads, GemmKernelKind kernel)
        => kernel == GemmKernelKind.Vector512 && k <= GemmBlocking.KC
        && ((long)m * n * k <= MaxWork || (threads == 1 && (long)n * k * Unsafe.SizeOf<T>() <= MaxPanelBytes));

    /// <summary>Runs the product; m, n, k &gt; 0.</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc)
    {
        int nr = NR;
        T* tile = stackalloc T[MR * nr];

        // op(A)[i, p] is a[i lda + p], or a[p lda + i] when A is stored transposed.
        nint rowStride = transA ? 1 : lda;
        nint depthStride = transA ? lda : 1;

        // Column blocks of B read in place: all whole ones of an untransposed B. The others (the ragged last block, or
        // every block of a transposed B, whose rows are op(B)'s columns) are copied as k x NR blocks, zero-padded.
        int inPlace = transB ? 0 : n - (n % nr);
        T* copied = null;
        if (inPlace < n)
        {
            int blocks = (n - inPlace + nr - 1) / nr;
            copied = GemmWorkspace.Get<T>(GemmBuffer.PackedB, (long)blocks * k * nr);
            for (int block = 0; block < blocks; block++)
            {
                int first = inPlace + (block * nr);
                int cols = Math.Min(nr, n - first);
                T* target = copied + ((nint)block * k * nr);
                new Span<T>(target, k * nr).Clear();
                for (int p = 0; p < k; p++)
                {
                    T* row = target + ((nint)p * nr);
                    if (transB)
                    {
                        for (int j = 0; j < cols; j++)
                        {
                            row[j] = b[((first + j) * ldb) + p];
                        }
                    }
                    else
                    {
                        new ReadOnlySpan<T>(b + (p * ldb) + first, cols).CopyTo(new Span<T>(row, cols));
                    }
                }
            }
        }

        for (int jr = 0; jr < n; jr += nr)
        {
            int cols = Math.Min(nr, n - jr);
            T* bBlock = jr < inPlace ? b + jr : copied + ((nint)((jr - inPlace) / nr) * k * nr);
            nint bStride = jr < inPlace ? ldb : nr;
            for (int ir = 0; ir < m; ir += MR)
            {
                int rows = Math.Min(MR, m - ir);
                T* cTile = c + ((nint)ir * ldc) + jr;
                if (rows == MR && cols == nr)
                {
                    Tile(k, a + (ir * rowStride), rowStride, depthStride, rows, bBlock, bStride, cTile, ldc, alpha, beta);
                }
                else
                {
                    Tile(k, a + (ir * rowStride), rowStride, depthStride, rows, bBlock, bStride, tile, nr, T.One, T.Zero);
                    GemmDriver<T, T, GemmMicroKernel512<T>>.MergeEdge(tile, nr, rows, cols, cTile, ldc, alpha, beta);
                }
            }
        }
    }

    /// <summary>
    /// One 8 x NR tile: rows past <paramref name="rows"/> repeat the last valid row of A (their sums are not merged),
    /// so no load leaves A.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(int k, T* a, nint rowStride, nint depthStride, int rows, T* b, nint ldb, T* c, nint ldc, T alpha, T beta)
    {
        T* a0 = a;
        T* a1 = a + (Math.Min(1, rows - 1) * rowStride);
        T* a2 = a + (Math.Min(2, rows - 1) * rowStride);
        T* a3 = a + (Math.Min(3, rows - 1) * rowStride);
        T* a4 = a + (Math.Min(4, rows - 1) * rowStride);
        T* a5 = a + (Math.Min(5, rows - 1) * rowStride);
        T* a6 = a + (Math.Min(6, rows - 1) * rowStride);
        T* a7 = a + (Math.Min(7, rows - 1) * rowStride);
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
        Vector512<T> v, b0, b1;
        nint at = 0;
        for (int p = 0; p < k; p++)
        {
            b0 = Vector512.Load(b);
            b1 = Vector512.Load(b + Vector512<T>.Count);
            v = Vector512.Create(a0[at]);
            c00 = GemmSimd.Fma(v, b0, c00);
            c01 = GemmSimd.Fma(v, b1, c01);
            v = Vector512.Create(a1[at]);
            c10 = GemmSimd.Fma(v, b0, c10);
            c11 = GemmSimd.Fma(v, b1, c11);
            v = Vector512.Create(a2[at]);
            c20 = GemmSimd.Fma(v, b0, c20);
            c21 = GemmSimd.Fma(v, b1, c21);
            v = Vector512.Create(a3[at]);
            c30 = GemmSimd.Fma(v, b0, c30);
            c31 = GemmSimd.Fma(v, b1, c31);
            v = Vector512.Create(a4[at]);
            c40 = GemmSimd.Fma(v, b0, c40);
            c41 = GemmSimd.Fma(v, b1, c41);
            v = Vector512.Create(a5[at]);
            c50 = GemmSimd.Fma(v, b0, c50);
            c51 = GemmSimd.Fma(v, b1, c51);
            v = Vector512.Create(a6[at]);
            c60 = GemmSimd.Fma(v, b0, c60);
            c61 = GemmSimd.Fma(v, b1, c61);
            v = Vector512.Create(a7[at]);
            c70 = GemmSimd.Fma(v, b0, c70);
            c71 = GemmSimd.Fma(v, b1, c71);
            at += depthStride;
            b += ldb;
        }

        bool readC = beta != T.Zero;
        Vector512<T> va = Vector512.Create(alpha);
        Vector512<T> vb = Vector512.Create(beta);
        GemmSimd.MergeRow(c, c00, c01, va, vb, readC);
        GemmSimd.MergeRow(c + ldc, c10, c11, va, vb, readC);
        GemmSimd.MergeRow(c + (2 * ldc), c20, c21, va, vb, readC);
        GemmSimd.MergeRow(c + (3 * ldc), c30, c31, va, vb, readC);
        GemmSimd.MergeRow(c + (4 * ldc), c40, c41, va, vb, readC);
        GemmSimd.MergeRow(c + (5 * ldc), c50, c51, va, vb, readC);
        GemmSimd.MergeRow(c + (6 * ldc), c60, c61, va, vb, readC);
        GemmSimd.MergeRow(c + (7 * ldc), c70, c71, va, vb, readC);
    }
}
