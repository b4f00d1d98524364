using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using Half = System.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// Test helpers over the three precisions: System types on the host (what the CPU kernels take), the bit-identical
/// device types (ILGPU.Half for fp16), inputs from fixed seeds, and ulp distances.
/// </summary>
internal static class Precision
{
    /// <summary>The odd shapes the CPU tests use, kept small for the slow CPU accelerator.</summary>
    public static readonly int[] Lengths = [1, 7, 17, 33, 65];

    public static T[] Uniform<T>(int length, double lo, double hi, int seed)
        where T : IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(lo + ((hi - lo) * random.NextDouble()));
        }

        return values;
    }

    /// <summary>Uploads host values to a new device buffer of the bit-identical device type.</summary>
    public static MemoryBuffer1D<TDevice, Stride1D.Dense> Upload<T, TDevice>(GpuDevice device, T[] values)
        where T : unmanaged
        where TDevice : unmanaged
    {
        MemoryBuffer1D<TDevice, Stride1D.Dense> buffer = device.Allocate<TDevice>(values.Length);
        if (values.Length > 0)
        {
            buffer.View.CopyFromCPU(MemoryMarshal.Cast<T, TDevice>(values).ToArray());
        }

        return buffer;
    }

    public static T[] Download<T, TDevice>(ArrayView<TDevice> view)
        where T : unmanaged
        where TDevice : unmanaged
    {
        var values = new TDevice[view.Length];
        if (values.Length > 0)
        {
            view.CopyToCPU(values);
        }

        return MemoryMarshal.Cast<TDevice, T>(values).ToArray();
    }

    /// <summary>Monotone integer image of the bit pattern (+0 and -0 both 0), so ulp distance is a difference.</summary>
    public static long Ordered<T>(T value)
        where T : IBinaryFloatingPointIeee754<T>
    {
        long bits = value switch
        {
            Half h => BitConverter.HalfToInt16Bits(h),
            float f => BitConverter.SingleToInt32Bits(f),
            double d => BitConverter.DoubleToInt64Bits(d),
            _ => throw new NotSupportedException(),
        };
        long signMask = value switch { Half => 0x8000L, float => 0x8000_0000L, _ => long.MinValue };
        long magnitude = value is double ? bits & long.MaxValue : bits & (signMask - 1);
        bool negative = value is double ? bits < 0 : (bits & signMask) != 0;
        return negative ? -magnitude : magnitude;
    }

    /// <summary>ulp distance; NaN against NaN is 0, NaN against a number is long.MaxValue.</summary>
    public static long Ulps<T>(T a, T b)
        where T : IBinaryFloatingPointIeee754<T>
    {
        if (T.IsNaN(a) || T.IsNaN(b))
        {
            return T.IsNaN(a) && T.IsNaN(b) ? 0 : long.MaxValue;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }

    /// <summary>Machine epsilon (2^-10, 2^-23, 2^-52).</summary>
    public static double Epsilon<T>() =>
        typeof(T) == typeof(Half) ? Math.Pow(2, -10) : typeof(T) == typeof(float) ? Math.Pow(2, -23) : Math.Pow(2, -52);

    /// <summary>Unit roundoff of the accumulation precision (fp16 accumulates in fp32).</summary>
    public static double AccumulationRoundoff<T>() => typeof(T) == typeof(double) ? Math.Pow(2, -53) : Math.Pow(2, -24);

    /// <summary>gamma_n = n u / (1 - n u): the classic bound on the relative error of an n-term sum in any order.</summary>
    public static double Gamma<T>(int n)
    {
        double u = AccumulationRoundoff<T>();
        return n * u / (1 - (n * u));
    }

    public static double ToDouble<T>(T value)
        where T : IBinaryFloatingPointIeee754<T> => double.CreateTruncating(value);
}
