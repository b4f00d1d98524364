using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Products with at most <see cref="MaxRows"/> rows of C (a policy's forward pass on one observation while collecting
/// a rollout: x W^T with x one row and W up to 1024 x 1024), on the caller's thread, reading A and B where they are.
/// The packed driver copied all of op(B) for every call, which for one row of output cost more than the products: on
/// Humanoid-v4 with a [1024, 1024] policy that packing was the largest piece of a training run's work.
/// <para>
/// Each element of C gets exactly the packed kernels' arithmetic (<see cref="GemmDriver{TIn, T, TKernel}"/>): per
/// KC-deep slice a chain of fused multiply-adds in increasing k from zero, merged into C with fma(sum, alpha, beta c)
/// (beta 1 after the first slice), or sum * alpha when the first slice's beta is 0. So results are bitwise those of
/// the packed path. A transposed B (W stored [n, k]) gives contiguous chains along each row of W, run eight at a time;
/// an untransposed B gives contiguous rows across j, run on vectors.
/// </para>
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[SkipLocalsInit]
internal static unsafe class GemmFewRows<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Products with up to this many rows of C take this path.</summary>
    public const int MaxRows = 4;

    /// <summary>Chains of a transposed B run together (independent fused multiply-adds in flight).</summary>
    private const int Chains = 8;

    /// <summary>Whether this path computes the product: few rows, and a fused-multiply-add kernel to match.</summary>
    public static bool Applies(int m, GemmKernelKind kernel) => m <= MaxRows && kernel != GemmKernelKind.Scalar;

    /// <summary>Runs the product; m, n, k &gt; 0.</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc)
    {
        // op(A)[i, p] is a[i lda + p], or a[p lda + i] when A is stored transposed: gather row i once per slice.
        int kc = Math.Min(k, GemmBlocking.KC);
        T* row = stackalloc T[kc];
        for (int i = 0; i < m; i++)
        {
            T* ci = c + ((nint)i * ldc);
            for (int pc = 0; pc < k; pc += GemmBlocking.KC)
            {
                int depth = Math.Min(GemmBlocking.KC, k - pc);
                for (int p = 0; p < depth; p++)
                {
                    row[p] = transA ? a[((nint)(pc + p) * lda) + i] : a[((nint)i * lda) + pc + p];
                }

                T betaPass = pc == 0 ? beta : T.One;
                if (transB)
                {
                    TransposedSlice(n, depth, row, b + pc, ldb, alpha, betaPass, ci);
                }
                else
                {
                    PlainSlice(n, depth, row, b + ((nint)pc * ldb), ldb, alpha, betaPass, ci);
                }
            }
        }
    }

    /// <summary>op(B)[p, j] = b[j ldb + p]: chain j reads row j of b; eight chains at a time, the rest one by one.</summary>
    private static void TransposedSlice(int n, int depth, T* row, T* b, nint ldb, T alpha, T beta, T* c)
    {
        int j = 0;
        for (; j + Chains <= n; j += Chains)
        {
            T* b0 = b + ((nint)j * ldb);
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero, s4 = T.Zero, s5 = T.Zero, s6 = T.Zero, s7 = T.Zero;
            for (int p = 0; p < depth; p++)
            {
                T x = row[p];
                T* bp = b0 + p;
                s0 = T.FusedMultiplyAdd(x, bp[0], s0);
                s1 = T.FusedMultiplyAdd(x, bp[ldb], s1);
                s2 = T.FusedMultiplyAdd(x, bp[2 * ldb], s2);
                s3 = T.FusedMultiplyAdd(x, bp[3 * ldb], s3);
                s4 = T.FusedMultiplyAdd(x, bp[4 * ldb], s4);
                s5 = T.FusedMultiplyAdd(x, bp[5 * ldb], s5);
                s6 = T.FusedMultiplyAdd(x, bp[6 * ldb], s6);
                s7 = T.FusedMultiplyAdd(x, bp[7 * ldb], s7);
            }

            Merge(c + j, s0, alpha, beta);
            Merge(c + j + 1, s1, alpha, beta);
            Merge(c + j + 2, s2, alpha, beta);
            Merge(c + j + 3, s3, alpha, beta);
            Merge(c + j + 4, s4, alpha, beta);
            Merge(c + j + 5, s5, alpha, beta);
            Merge(c + j + 6, s6, alpha, beta);
            Merge(c + j + 7, s7, alpha, beta);
        }

        for (; j < n; j++)
        {
            T* bj = b + ((nint)j * ldb);
            T s = T.Zero;
            for (int p = 0; p < depth; p++)
            {
                s = T.FusedMultiplyAdd(row[p], bj[p], s);
            }

            Merge(c + j, s, alpha, beta);
        }
    }

    /// <summary>op(B)[p, j] = b[p ldb + j]: the chains of a vector of j advance together along p; the tail one by one.</summary>
    private static void PlainSlice(int n, int depth, T* row, T* b, nint ldb, T alpha, T beta, T* c)
    {
        int lanes = Vector256<T>.Count;
        int j = 0;
        bool readC = beta != T.Zero;
        Vector256<T> va = Vector256.Create(alpha);
        Vector256<T> vb = Vector256.Create(beta);
        for (; j + (2 * lanes) <= n; j += 2 * lanes)
        {
            Vector256<T> s0 = Vector256<T>.Zero;
            Vector256<T> s1 = Vector256<T>.Zero;
            for (int p = 0; p < depth; p++)
            {
                Vector256<T> x = Vector256.Create(row[p]);
                T* bp = b + ((nint)p * ldb) + j;
                s0 = GemmSimd.Fma(x, Vector256.Load(bp), s0);
                s1 = GemmSimd.Fma(x, Vector256.Load(bp + lanes), s1);
            }

            GemmSimd.MergeRow(c + j, s0, s1, va, vb, readC);
        }

        for (; j < n; j++)
        {
            T s = T.Zero;
            for (int p = 0; p < depth; p++)
            {
                s = T.FusedMultiplyAdd(row[p], b[((nint)p * ldb) + j], s);
            }

            Merge(c + j, s, alpha, beta);
        }
    }

    /// <summary>Merges one chain's sum into C with the kernels' arithmetic (beta 0: C not read).</summary>
    private static void Merge(T* c, T sum, T alpha, T beta) => *c = GemmSimd.Merge(sum, alpha, beta, *c, beta != T.Zero);
}
