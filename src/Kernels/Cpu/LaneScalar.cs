using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// A scalar kernel argument kept in float and double so a kernel can read it as the lane type it runs in
/// (Half arguments are widened exactly to float).
/// </summary>
internal readonly struct LaneScalar
{
    private readonly float single;
    private readonly double dbl;

    private LaneScalar(float single, double dbl)
    {
        this.single = single;
        this.dbl = dbl;
    }

    public static LaneScalar From<T>(T value)
        where T : IBinaryFloatingPointIeee754<T> =>
        new(float.CreateTruncating(value), double.CreateTruncating(value));

    /// <summary>The value as <typeparamref name="T"/>, which must be float or double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T As<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.BitCast<float, T>(single);
        }

        if (typeof(T) == typeof(double))
        {
            return Unsafe.BitCast<double, T>(dbl);
        }

        throw new NotSupportedException();
    }
}
