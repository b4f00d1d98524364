using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Sums and dot products of float or double spans in one order of additions that does not depend on the machine.
/// TensorPrimitives.Sum/Dot/SumOfSquares accumulate in the widest accelerated vector (512 bits on AVX-512 machines
/// whose runtime enables Vector512, 256 elsewhere) and use fused multiply-adds where the CPU has them, so the same
/// data summed on two x64 machines could differ in the last bits, and training runs that reduce (TRPO's conjugate
/// gradient, every mean in the metrics) were not reproducible across machines. Here element i goes to lane
/// i mod L of accumulator (i / L) mod 4, with L the lanes of a <see cref="Vector256{T}"/> (Vector256 arithmetic is
/// lane-wise IEEE whether the hardware accelerates it or the runtime emulates it); products are rounded before the
/// addition (no fused multiply-add); the four accumulators are added as (a0 + a1) + (a2 + a3), the lanes pairwise
/// (lane k + lane k + L/2, halving), and the elements past the last whole vector left to right after that.
/// Stateless and thread-safe.
/// </summary>
internal static class FixedOrderSum
{
    private const int Accumulators = 4;

    /// <summary>Sum of <paramref name="x"/> (+0 when empty).</summary>
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Reduce(x, x, multiply: false);

    /// <summary>sum x[i] * y[i] over spans of equal length (+0 when empty).</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Reduce(x, y, multiply: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Reduce<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, bool multiply)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        int block = Accumulators * lanes;
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        Vector256<T> a0 = Vector256<T>.Zero, a1 = Vector256<T>.Zero, a2 = Vector256<T>.Zero, a3 = Vector256<T>.Zero;
        int i = 0;
        for (; i <= x.Length - block; i += block)
        {
            a0 += Term(ref xs, ref ys, i, multiply);
            a1 += Term(ref xs, ref ys, i + lanes, multiply);
            a2 += Term(ref xs, ref ys, i + (2 * lanes), multiply);
            a3 += Term(ref xs, ref ys, i + (3 * lanes), multiply);
        }

        // The whole vectors left over continue the round robin: accumulator (i / L) mod 4.
        if (i <= x.Length - lanes)
        {
            a0 += Term(ref xs, ref ys, i, multiply);
            i += lanes;
        }

        if (i <= x.Length - lanes)
        {
            a1 += Term(ref xs, ref ys, i, multiply);
            i += lanes;
        }

        if (i <= x.Length - lanes)
        {
            a2 += Term(ref xs, ref ys, i, multiply);
            i += lanes;
        }

        Span<T> lane = stackalloc T[Vector256<T>.Count];
        ((a0 + a1) + (a2 + a3)).CopyTo(lane);
        for (int width = lanes / 2; width >= 1; width /= 2)
        {
            for (int k = 0; k < width; k++)
            {
                lane[k] += lane[k + width];
            }
        }

        T sum = lane[0];
        for (; i < x.Length; i++)
        {
            sum += multiply ? x[i] * y[i] : x[i];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Term<T>(ref T xs, ref T ys, int offset, bool multiply)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector256<T> v = Vector256.LoadUnsafe(ref xs, (nuint)offset);
        return multiply ? v * Vector256.LoadUnsafe(ref ys, (nuint)offset) : v;
    }
}
