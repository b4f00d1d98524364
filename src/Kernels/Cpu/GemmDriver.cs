using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// The cache-blocked GEMM loop nest on one thread (GotoBLAS/BLIS order): for each NC-column panel of op(B) and each
/// KC-deep slice, pack the KC x NC panel of op(B) (kept in L3/L2); for each MC-row block of op(A) pack the MC x KC
/// block (kept in L2); then sweep NR-column slivers of B (kept in L1) against MR-row slivers of A with the
/// micro-kernel. Computes <c>C = alpha * op(A) * op(B) + beta * C</c> for an m x n block of C with k &gt; 0.
/// </summary>
/// <typeparam name="TIn">Stored element type of A and B (float, double, or Half packed as float).</typeparam>
/// <typeparam name="T">Compute and C element type (float or double).</typeparam>
/// <typeparam name="TKernel">The micro-kernel.</typeparam>
[SkipLocalsInit]
internal static unsafe class GemmDriver<TIn, T, TKernel>
    where TIn : unmanaged
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKernel : struct, IGemmMicroKernel<T>
{
    /// <summary>Runs the blocked product. beta == 0 means C is not read.</summary>
    public static void Run(
        bool transA, bool transB, int m, int n, int k, T alpha, TIn* a, nint lda, TIn* b, nint ldb, T beta, T* c, nint ldc)
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        GemmBlocking.For<T>(mr, nr, out int mcMax, out int kcMax, out int ncMax);
        Reserve(m, n, k, out T* packedA, out T* packedB);
        T* tile = stackalloc T[mr * nr];

        for (int jc = 0; jc < n; jc += ncMax)
        {
            int nc = Math.Min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                T betaPass = pc == 0 ? beta : T.One;
                GemmPacking.PackB(transB, b, ldb, pc, kc, jc, nc, nr, packedB);
                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    GemmPacking.PackA(transA, a, lda, ic, mc, pc, kc, mr, packedA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        T* pb = packedB + ((nint)jr * kc);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            T* pa = packedA + ((nint)ir * kc);
                            T* cTile = c + ((nint)(ic + ir) * ldc) + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                TKernel.Compute(kc, pa, pb, cTile, ldc, alpha, betaPass);
                            }
                            else
                            {
                                TKernel.Compute(kc, pa, pb, tile, nr, T.One, T.Zero);
                                MergeEdge(tile, nr, rows, cols, cTile, ldc, alpha, betaPass);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Returns the calling thread's packing buffers, grown to what an m x n x k block needs. The sizes only grow with m,
    /// n and k, so reserving for the largest block of a job covers every smaller one.
    /// </summary>
    public static void Reserve(int m, int n, int k, out T* packedA, out T* packedB)
    {
        GemmBlocking.For<T>(TKernel.MR, TKernel.NR, out int mcMax, out int kcMax, out int ncMax);
        int kcCap = Math.Min(k, kcMax);
        int mcCap = Math.Min(RoundUp(m, TKernel.MR), mcMax);
        int ncCap = Math.Min(RoundUp(n, TKernel.NR), ncMax);
        packedA = GemmWorkspace.Get<T>(GemmBuffer.PackedA, (long)mcCap * kcCap);
        packedB = GemmWorkspace.Get<T>(GemmBuffer.PackedB, (long)ncCap * kcCap);
    }

    /// <summary>Merges the valid rows x cols corner of a computed tile into C, with the micro-kernels' arithmetic.</summary>
    internal static void MergeEdge(T* tile, int nr, int rows, int cols, T* c, nint ldc, T alpha, T beta)
    {
        bool readC = beta != T.Zero;
        for (int r = 0; r < rows; r++)
        {
            T* src = tile + ((nint)r * nr);
            T* dst = c + ((nint)r * ldc);
            for (int j = 0; j < cols; j++)
            {
                dst[j] = GemmSimd.Merge(src[j], alpha, beta, dst[j], readC);
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (int)Math.Min(int.MaxValue, ((long)x + multiple - 1) / multiple * multiple);
}
