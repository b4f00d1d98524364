namespace Kernel.Envs.MuJoCo;

/// <summary>
/// NumPy's float64 summation order for a contiguous 1-D array (pairwise_sum in numpy/_core/src/umath/loops_utils.h):
/// fewer than 8 values are added left to right; up to 128 values go into 8 interleaved partial sums combined as
/// ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) before the tail is added; longer arrays are split in two
/// (the first half a multiple of 8) and summed recursively; np.sum then adds that to the reduction's identity
/// +0.0 (numpy/_core/src/umath/legacy_array_method.c). Using the same order makes reward terms such as
/// np.sum(np.square(action)) equal to Gymnasium's bit for bit. Thread-safety: stateless.
/// </summary>
internal static class NumPySum
{
    private const int BlockSize = 128;

    /// <summary>Σ values² in NumPy's order (np.sum(np.square(values))).</summary>
    public static double OfSquares(ReadOnlySpan<double> values)
    {
        if (values.Length <= 32)
        {
            Span<double> squares = stackalloc double[values.Length];
            Square(values, squares);
            return 0.0 + Pairwise(squares);
        }

        var buffer = new double[values.Length];
        Square(values, buffer);
        return 0.0 + Pairwise(buffer);
    }

    /// <summary>Σ values in pairwise_sum's order (np.sum on a contiguous float64 array is 0.0 + this).</summary>
    public static double Pairwise(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 8)
        {
            double sum = -0.0;
            for (int i = 0; i < n; i++)
            {
                sum += values[i];
            }

            return sum;
        }

        if (n <= BlockSize)
        {
            Span<double> r = stackalloc double[8];
            values[..8].CopyTo(r);
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                for (int k = 0; k < 8; k++)
                {
                    r[k] += values[i + k];
                }
            }

            double result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                result += values[i];
            }

            return result;
        }

        int half = n / 2;
        half -= half % 8;
        return Pairwise(values[..half]) + Pairwise(values[half..]);
    }

    private static void Square(ReadOnlySpan<double> values, Span<double> squares)
    {
        for (int i = 0; i < values.Length; i++)
        {
            squares[i] = values[i] * values[i];
        }
    }
}
