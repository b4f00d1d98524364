using ILGPU;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Device code of the numerics monitor's scans, each in one group of up to <see cref="GroupSize"/> threads (a power
/// of two; the launch decides): every thread scans a strided share, then a shared-memory tree combines the shares. Values are classified after widening to
/// double, which is exact for all three element types, so magnitudes and the subnormal test are those of the stored
/// format.
/// </summary>
internal static class ScanKernels
{
    /// <summary>The most threads of the single scan group: the shared-memory shares are sized for it.</summary>
    public const int GroupSize = 256;

    /// <summary>Slots of a summary: abs-max, smallest non-zero magnitude, then the counts of +inf, -inf, NaN, subnormals, zeros.</summary>
    public const int SummarySlots = 7;

    /// <summary>result[0] = the smallest index of a NaN or infinity in x, or -1.</summary>
    public static void FirstNonFinite<T, TCodec>(ArrayView<T> x, ArrayView<int> result)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        ArrayView<int> shares = SharedMemory.Allocate<int>(GroupSize);
        int t = Group.IdxX;
        int size = Group.DimX;
        int n = x.IntLength;
        int first = int.MaxValue;
        for (int i = t; i < n; i += size)
        {
            double v = codec.ToDouble(x[i]);
            if (double.IsNaN(v) || double.IsInfinity(v))
            {
                first = i; // a thread's indices increase, so its first hit is its smallest
                break;
            }
        }

        shares[t] = first;
        Group.Barrier();
        for (int stride = size / 2; stride > 0; stride >>= 1)
        {
            if (t < stride && shares[t + stride] < shares[t])
            {
                shares[t] = shares[t + stride];
            }

            Group.Barrier();
        }

        if (t == 0)
        {
            result[0] = shares[0] == int.MaxValue ? -1 : shares[0];
        }
    }

    /// <summary>
    /// result[0..7) = abs-max of the finite values (0 if none), smallest finite non-zero magnitude (+inf if none), and
    /// the counts of +inf, -inf, NaN, subnormals (non-zero magnitudes below <paramref name="smallestNormal"/>) and zeros.
    /// </summary>
    public static void Summarize<T, TCodec>(ArrayView<T> x, ArrayView<double> result, double smallestNormal)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        ArrayView<double> absMaxima = SharedMemory.Allocate<double>(GroupSize);
        ArrayView<double> minima = SharedMemory.Allocate<double>(GroupSize);
        ArrayView<int> positiveInfinities = SharedMemory.Allocate<int>(GroupSize);
        ArrayView<int> negativeInfinities = SharedMemory.Allocate<int>(GroupSize);
        ArrayView<int> nans = SharedMemory.Allocate<int>(GroupSize);
        ArrayView<int> subnormals = SharedMemory.Allocate<int>(GroupSize);
        ArrayView<int> zeros = SharedMemory.Allocate<int>(GroupSize);
        int t = Group.IdxX;
        int size = Group.DimX;
        int n = x.IntLength;
        double absMax = 0.0;
        double minNonZero = double.PositiveInfinity;
        int plusInf = 0, minusInf = 0, nan = 0, subnormal = 0, zero = 0;
        for (int i = t; i < n; i += size)
        {
            double v = codec.ToDouble(x[i]);
            if (double.IsNaN(v))
            {
                nan++;
            }
            else if (double.IsInfinity(v))
            {
                if (v > 0)
                {
                    plusInf++;
                }
                else
                {
                    minusInf++;
                }
            }
            else if (v == 0.0)
            {
                zero++;
            }
            else
            {
                double a = Math.Abs(v);
                if (a < smallestNormal)
                {
                    subnormal++;
                }

                absMax = a > absMax ? a : absMax;
                minNonZero = a < minNonZero ? a : minNonZero;
            }
        }

        absMaxima[t] = absMax;
        minima[t] = minNonZero;
        positiveInfinities[t] = plusInf;
        negativeInfinities[t] = minusInf;
        nans[t] = nan;
        subnormals[t] = subnormal;
        zeros[t] = zero;
        Group.Barrier();
        for (int stride = size / 2; stride > 0; stride >>= 1)
        {
            if (t < stride)
            {
                int o = t + stride;
                absMaxima[t] = absMaxima[o] > absMaxima[t] ? absMaxima[o] : absMaxima[t];
                minima[t] = minima[o] < minima[t] ? minima[o] : minima[t];
                positiveInfinities[t] += positiveInfinities[o];
                negativeInfinities[t] += negativeInfinities[o];
                nans[t] += nans[o];
                subnormals[t] += subnormals[o];
                zeros[t] += zeros[o];
            }

            Group.Barrier();
        }

        if (t == 0)
        {
            result[0] = absMaxima[0];
            result[1] = minima[0];
            result[2] = positiveInfinities[0];
            result[3] = negativeInfinities[0];
            result[4] = nans[0];
            result[5] = subnormals[0];
            result[6] = zeros[0];
        }
    }
}
