using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Fast scans for the numerics monitor over <see cref="Half"/>, <see cref="float"/> or <see cref="double"/>
/// spans. They classify values by their bit patterns with SIMD integer compares (Half is never converted), so
/// they cost a single read pass. Nothing is allocated on the managed heap. Stateless and thread-safe.
/// </summary>
public static class Scan
{
    // Vectors per block, so per-lane counters cannot wrap even in 16-bit lanes.
    private const int BlockVectors = 32768;

    /// <summary>Index of the first NaN, +inf or -inf in <paramref name="x"/>, or -1 if all values are finite.</summary>
    /// <param name="x">Values to scan.</param>
    /// <returns>The first non-finite index, or -1.</returns>
    public static int IndexOfNonFinite<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(Half))
        {
            return IndexOfAllOnesExponent(MemoryMarshal.Cast<T, ushort>(x), (ushort)0x7C00);
        }

        if (typeof(T) == typeof(float))
        {
            return IndexOfAllOnesExponent(MemoryMarshal.Cast<T, uint>(x), 0x7F80_0000u);
        }

        CpuKernelArguments.Supported<T>();
        return IndexOfAllOnesExponent(MemoryMarshal.Cast<T, ulong>(x), 0x7FF0_0000_0000_0000ul);
    }

    /// <summary>
    /// Counts infinities, NaNs, subnormals (of <typeparamref name="T"/>'s own format) and zeros, and finds the
    /// largest finite magnitude and the smallest finite nonzero magnitude, in one pass.
    /// </summary>
    /// <param name="x">Values to scan.</param>
    /// <returns>The summary; for an empty span all counts are 0, AbsMax 0 and MinNonZeroMagnitude +inf.</returns>
    public static ValueSummary Summarize<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(Half))
        {
            return SummarizeBits<T, ushort>(MemoryMarshal.Cast<T, ushort>(x), 0x8000, 0x7C00, 0x0400);
        }

        if (typeof(T) == typeof(float))
        {
            return SummarizeBits<T, uint>(MemoryMarshal.Cast<T, uint>(x), 0x8000_0000u, 0x7F80_0000u, 0x0080_0000u);
        }

        CpuKernelArguments.Supported<T>();
        return SummarizeBits<T, ulong>(
            MemoryMarshal.Cast<T, ulong>(x), 0x8000_0000_0000_0000ul, 0x7FF0_0000_0000_0000ul, 0x0010_0000_0000_0000ul);
    }

    private static int IndexOfAllOnesExponent<TU>(ReadOnlySpan<TU> bits, TU exponentMask)
        where TU : unmanaged, IBinaryInteger<TU>, IUnsignedNumber<TU>
    {
        ref TU start = ref MemoryMarshal.GetReference(bits);
        int n = bits.Length;
        int width = Vector<TU>.Count;
        Vector<TU> mask = Vector.Create(exponentMask);
        int i = 0;
        for (; i <= n - width; i += width)
        {
            Vector<TU> hit = Vector.Equals(Vector.LoadUnsafe(ref start, (nuint)i) & mask, mask);
            if (hit != Vector<TU>.Zero)
            {
                return i + Vector.IndexOfWhereAllBitsSet(hit);
            }
        }

        for (; i < n; i++)
        {
            if ((bits[i] & exponentMask) == exponentMask)
            {
                return i;
            }
        }

        return -1;
    }

    private static ValueSummary SummarizeBits<T, TU>(ReadOnlySpan<TU> bits, TU signBit, TU infinityBits, TU minNormalBits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TU : unmanaged, IBinaryInteger<TU>, IUnsignedNumber<TU>
    {
        int positiveInfinities = 0, negativeInfinities = 0, nans = 0, subnormals = 0, zeros = 0;
        TU absMax = TU.Zero;
        TU minNonZero = TU.AllBitsSet;

        ref TU start = ref MemoryMarshal.GetReference(bits);
        int n = bits.Length;
        int width = Vector<TU>.Count;
        TU absMask = ~signBit;
        Vector<TU> vAbsMask = Vector.Create(absMask);
        Vector<TU> vInf = Vector.Create(infinityBits);
        Vector<TU> vNegInf = Vector.Create(infinityBits | signBit);
        Vector<TU> vMinNormal = Vector.Create(minNormalBits);
        Vector<TU> vAbsMax = Vector<TU>.Zero;
        Vector<TU> vMinNonZero = Vector<TU>.AllBitsSet;

        int i = 0;
        while (i <= n - width)
        {
            // Per-lane counters grow by at most one per vector; a block keeps them at most 2^15.
            int blockEnd = (int)Math.Min((long)i + ((long)BlockVectors * width), n - width + 1);
            Vector<TU> cPosInf = Vector<TU>.Zero, cNegInf = Vector<TU>.Zero, cNaN = Vector<TU>.Zero;
            Vector<TU> cSub = Vector<TU>.Zero, cZero = Vector<TU>.Zero;
            for (; i < blockEnd; i += width)
            {
                Vector<TU> v = Vector.LoadUnsafe(ref start, (nuint)i);
                Vector<TU> a = v & vAbsMask;
                Vector<TU> isZero = Vector.Equals(a, Vector<TU>.Zero);
                Vector<TU> isFinite = Vector.LessThan(a, vInf);
                Vector<TU> isSub = Vector.AndNot(Vector.LessThan(a, vMinNormal), isZero);
                Vector<TU> finiteNonZero = Vector.AndNot(isFinite, isZero);

                // Masks are all ones (= -1 in two's complement), so subtracting one counts it.
                cPosInf -= Vector.Equals(v, vInf);
                cNegInf -= Vector.Equals(v, vNegInf);
                cNaN -= Vector.GreaterThan(a, vInf);
                cSub -= isSub;
                cZero -= isZero;
                vAbsMax = Vector.Max(vAbsMax, a & isFinite);
                vMinNonZero = Vector.Min(vMinNonZero, a | ~finiteNonZero);
            }

            positiveInfinities += LaneTotal(cPosInf);
            negativeInfinities += LaneTotal(cNegInf);
            nans += LaneTotal(cNaN);
            subnormals += LaneTotal(cSub);
            zeros += LaneTotal(cZero);
        }

        for (int lane = 0; lane < width; lane++)
        {
            absMax = TU.Max(absMax, vAbsMax[lane]);
            minNonZero = TU.Min(minNonZero, vMinNonZero[lane]);
        }

        for (; i < n; i++)
        {
            TU v = bits[i];
            TU a = v & absMask;
            if (a == TU.Zero)
            {
                zeros++;
            }
            else if (a < infinityBits)
            {
                if (a < minNormalBits)
                {
                    subnormals++;
                }

                absMax = TU.Max(absMax, a);
                minNonZero = TU.Min(minNonZero, a);
            }
            else if (a == infinityBits)
            {
                if (v == infinityBits)
                {
                    positiveInfinities++;
                }
                else
                {
                    negativeInfinities++;
                }
            }
            else
            {
                nans++;
            }
        }

        double minNonZeroMagnitude = minNonZero == TU.AllBitsSet ? double.PositiveInfinity : ToDouble<T, TU>(minNonZero);
        return new ValueSummary(
            n, ToDouble<T, TU>(absMax), minNonZeroMagnitude, positiveInfinities, negativeInfinities, nans, subnormals, zeros);
    }

    private static int LaneTotal<TU>(Vector<TU> counts)
        where TU : unmanaged, IBinaryInteger<TU>
    {
        int total = 0;
        for (int lane = 0; lane < Vector<TU>.Count; lane++)
        {
            total += int.CreateTruncating(counts[lane]);
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ToDouble<T, TU>(TU bits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TU : unmanaged => double.CreateTruncating(Unsafe.BitCast<TU, T>(bits));
}
