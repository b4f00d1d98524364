using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Packs blocks of op(A) and op(B) into the contiguous, zero-padded sliver layout the micro-kernels stream through,
/// converting the element type on the way (fp16 operands are packed as fp32).
/// </summary>
/// <remarks>
/// Packed A (an mc x kc block): slivers of MR rows; sliver s holds, for p = 0..kc-1, the MR values op(A)[s*MR + r, p].
/// Packed B (a kc x nc block): slivers of NR columns; sliver s holds, for p = 0..kc-1, the NR values op(B)[p, s*NR + j].
/// Rows or columns past the edge are zero so the micro-kernel always computes full tiles.
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>Converts one stored element to the packed (compute) type: identity, or Half to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Convert<TIn, T>(TIn x)
        where TIn : unmanaged
        where T : unmanaged
    {
        if (typeof(TIn) == typeof(T))
        {
            return Unsafe.As<TIn, T>(ref x);
        }

        if (typeof(TIn) == typeof(Half) && typeof(T) == typeof(float))
        {
            float f = (float)Unsafe.As<TIn, Half>(ref x);
            return Unsafe.As<float, T>(ref f);
        }

        throw new NotSupportedException();
    }

    /// <summary>
    /// Writes <paramref name="count"/> elements of <paramref name="src"/> to <paramref name="dst"/> as T. fp16 to fp32
    /// goes through TensorPrimitives' vectorised conversion, exact like the scalar one.
    /// </summary>
    private static void ConvertRow<TIn, T>(TIn* src, T* dst, int count)
        where TIn : unmanaged
        where T : unmanaged
    {
        if (typeof(TIn) == typeof(Half) && typeof(T) == typeof(float))
        {
            TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(src, count), new Span<float>(dst, count));
            return;
        }

        for (int j = 0; j < count; j++)
        {
            dst[j] = Convert<TIn, T>(src[j]);
        }
    }

    /// <summary>
    /// <paramref name="src"/>'s <paramref name="count"/> elements as T: the source itself when no conversion is needed,
    /// else converted into <paramref name="buffer"/> (at least <paramref name="count"/> long).
    /// </summary>
    private static T* ConvertedRow<TIn, T>(TIn* src, int count, T* buffer)
        where TIn : unmanaged
        where T : unmanaged
    {
        if (typeof(TIn) == typeof(T))
        {
            return (T*)src;
        }

        ConvertRow(src, buffer, count);
        return buffer;
    }

    /// <summary>
    /// Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into MR-row slivers. op(A) = A (stored m x k, row stride lda) or
    /// A^T (stored k x m).
    /// </summary>
    public static void PackA<TIn, T>(bool transposed, TIn* a, nint lda, int i0, int mc, int p0, int kc, int mr, T* dst)
        where TIn : unmanaged
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T* widened = null;
        if (typeof(TIn) != typeof(T))
        {
            T* buffer = stackalloc T[kc];
            widened = buffer;
        }

        for (int s = 0; s < mc; s += mr)
        {
            int rows = Math.Min(mr, mc - s);
            T* d = dst + ((nint)s * kc);
            if (!transposed)
            {
                // Rows of A are contiguous in p: read each row (widened in one pass), write with stride mr.
                for (int r = 0; r < rows; r++)
                {
                    TIn* src = a + ((nint)(i0 + s + r) * lda) + p0;
                    T* row = ConvertedRow(src, kc, widened);
                    T* dr = d + r;
                    for (int p = 0; p < kc; p++)
                    {
                        dr[(nint)p * mr] = row[p];
                    }
                }
            }
            else
            {
                // A^T: for fixed p, the sliver's rows are contiguous in memory.
                for (int p = 0; p < kc; p++)
                {
                    TIn* src = a + ((nint)(p0 + p) * lda) + i0 + s;
                    ConvertRow(src, d + ((nint)p * mr), rows);
                }
            }

            if (rows < mr)
            {
                for (int p = 0; p < kc; p++)
                {
                    T* dp = d + ((nint)p * mr);
                    for (int r = rows; r < mr; r++)
                    {
                        dp[r] = T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into NR-column slivers. op(B) = B (stored k x n, row stride ldb) or
    /// B^T (stored n x k).
    /// </summary>
    public static void PackB<TIn, T>(bool transposed, TIn* b, nint ldb, int p0, int kc, int j0, int nc, int nr, T* dst)
        where TIn : unmanaged
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T* widened = null;
        if (transposed && typeof(TIn) != typeof(T))
        {
            T* buffer = stackalloc T[kc];
            widened = buffer;
        }

        for (int s = 0; s < nc; s += nr)
        {
            int cols = Math.Min(nr, nc - s);
            T* d = dst + ((nint)s * kc);
            if (!transposed)
            {
                for (int p = 0; p < kc; p++)
                {
                    TIn* src = b + ((nint)(p0 + p) * ldb) + j0 + s;
                    T* dp = d + ((nint)p * nr);
                    if (typeof(TIn) == typeof(T) && cols == nr && Vector256.IsHardwareAccelerated && nr * sizeof(T) % 32 == 0)
                    {
                        // A full row of the sliver is a contiguous copy.
                        byte* from = (byte*)src;
                        byte* to = (byte*)dp;
                        int bytes = nr * sizeof(T);
                        for (int offset = 0; offset < bytes; offset += 32)
                        {
                            Vector256.Store(Vector256.Load(from + offset), to + offset);
                        }
                    }
                    else
                    {
                        ConvertRow(src, dp, cols);
                        for (int j = cols; j < nr; j++)
                        {
                            dp[j] = T.Zero;
                        }
                    }
                }
            }
            else
            {
                // B^T: column j of op(B) is row j of the stored matrix, contiguous in p.
                for (int j = 0; j < cols; j++)
                {
                    T* column = ConvertedRow(b + ((nint)(j0 + s + j) * ldb) + p0, kc, widened);
                    T* dj = d + j;
                    for (int p = 0; p < kc; p++)
                    {
                        dj[(nint)p * nr] = column[p];
                    }
                }

                if (cols < nr)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        T* dp = d + ((nint)p * nr);
                        for (int j = cols; j < nr; j++)
                        {
                            dp[j] = T.Zero;
                        }
                    }
                }
            }
        }
    }
}
