using System.Numerics.Tensors;

namespace Kernel.Kernels.Cpu;

/// <summary>fp16 (<see cref="Half"/>) pieces of GEMM: the strict fp16-accumulating loop and the widened merge.</summary>
internal static unsafe class GemmHalf
{
    /// <summary>
    /// Widened accumulation's last step: C = round_fp16(alpha * W + beta * C) computed in fp32, where W (m x n, tight)
    /// holds op(A) * op(B) accumulated in fp32. beta == 0 does not read C.
    /// </summary>
    public static void MergeWidened(int m, int n, float alpha, float* wide, float beta, Half* c, nint ldc)
    {
        // Vectorised a chunk of a row at a time, with the scalar definition's roundings: alpha * w rounded to fp32, or
        // one fused alpha * w + (beta * c rounded to fp32), then one rounding to fp16.
        const int chunk = 256;
        float* merged = stackalloc float[chunk];
        for (int i = 0; i < m; i++)
        {
            float* w = wide + ((nint)i * n);
            Half* row = c + (i * ldc);
            for (int start = 0; start < n; start += chunk)
            {
                int length = Math.Min(chunk, n - start);
                var result = new Span<float>(merged, length);
                var widened = new ReadOnlySpan<float>(w + start, length);
                var destination = new Span<Half>(row + start, length);
                if (beta == 0f)
                {
                    TensorPrimitives.Multiply(widened, alpha, result);
                }
                else
                {
                    TensorPrimitives.ConvertToSingle(destination, result);
                    TensorPrimitives.Multiply(result, beta, result);
                    TensorPrimitives.FusedMultiplyAdd(widened, alpha, result, result);
                }

                TensorPrimitives.ConvertToHalf(result, destination);
            }
        }
    }

    /// <summary>
    /// Strict fp16 accumulation: for each element the running sum is rounded to fp16 after every multiply-add
    /// (each product of two fp16 values is exact in fp32, then the sum is rounded once to fp16). The final
    /// alpha/beta merge is computed in fp32 and rounded once. beta == 0 does not read C.
    /// </summary>
    public static void Strict(
        bool transA, bool transB, int m, int n, int k, float alpha, Half* a, nint lda, Half* b, nint ldb, float beta, Half* c, nint ldc)
    {
        // Strides of op(A)[i, p] and op(B)[p, j] along i, p and p, j.
        nint aRow = transA ? 1 : lda;
        nint aCol = transA ? lda : 1;
        nint bRow = transB ? 1 : ldb;
        nint bCol = transB ? ldb : 1;
        for (int i = 0; i < m; i++)
        {
            Half* ai = a + (i * aRow);
            Half* row = c + (i * ldc);
            for (int j = 0; j < n; j++)
            {
                Half* bj = b + (j * bCol);
                Half acc = Half.Zero;
                for (int p = 0; p < k; p++)
                {
                    acc = (Half)MathF.FusedMultiplyAdd((float)ai[p * aCol], (float)bj[p * bRow], (float)acc);
                }

                row[j] = beta == 0f
                    ? (Half)((float)acc * alpha)
                    : (Half)MathF.FusedMultiplyAdd((float)acc, alpha, beta * (float)row[j]);
            }
        }
    }
}
