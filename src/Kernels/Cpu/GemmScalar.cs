using System.Numerics;

namespace Kernel.Kernels.Cpu;

/// <summary>Plain triple-loop GEMM for element types without an optimised path (for example NFloat).</summary>
internal static unsafe class GemmScalar
{
    /// <summary>C = alpha * op(A) * op(B) + beta * C, accumulating in <typeparamref name="T"/>. beta == 0 does not read C.</summary>
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        nint aRow = transA ? 1 : lda;
        nint aCol = transA ? lda : 1;
        nint bRow = transB ? 1 : ldb;
        nint bCol = transB ? ldb : 1;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T acc = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    acc = T.FusedMultiplyAdd(a[(i * aRow) + (p * aCol)], b[(p * bRow) + (j * bCol)], acc);
                }

                T* cij = c + (i * ldc) + j;
                *cij = beta == T.Zero ? acc * alpha : T.FusedMultiplyAdd(acc, alpha, beta * *cij);
            }
        }
    }
}
