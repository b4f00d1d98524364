using System.Numerics;

namespace Kernel.Kernels.Cpu;

/// <summary>Portable scalar micro-kernel: a 4 x 4 tile, for machines without accelerated 256-bit SIMD.</summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly struct GemmMicroKernelScalar<T> : IGemmMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const int Rows = 4;
    private const int Cols = 4;

    /// <inheritdoc />
    public static int MR => Rows;

    /// <inheritdoc />
    public static int NR => Cols;

    /// <inheritdoc />
    public static unsafe void Compute(int kc, T* packedA, T* packedB, T* c, nint ldc, T alpha, T beta)
    {
        T* acc = stackalloc T[Rows * Cols];
        for (int i = 0; i < Rows * Cols; i++)
        {
            acc[i] = T.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            T* pa = packedA + (p * Rows);
            T* pb = packedB + (p * Cols);
            for (int r = 0; r < Rows; r++)
            {
                T ar = pa[r];
                for (int j = 0; j < Cols; j++)
                {
                    acc[(r * Cols) + j] = T.FusedMultiplyAdd(ar, pb[j], acc[(r * Cols) + j]);
                }
            }
        }

        bool readC = beta != T.Zero;
        for (int r = 0; r < Rows; r++)
        {
            T* row = c + (r * ldc);
            for (int j = 0; j < Cols; j++)
            {
                T ab = acc[(r * Cols) + j];
                row[j] = readC ? T.FusedMultiplyAdd(ab, alpha, beta * row[j]) : ab * alpha;
            }
        }
    }
}
