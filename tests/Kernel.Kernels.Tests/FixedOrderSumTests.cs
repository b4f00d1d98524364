using System.Numerics;
using System.Runtime.CompilerServices;
using Kernel.Kernels.Cpu;
using Xunit;
using static Kernel.Kernels.Tests.CpuKernelTestSupport;

namespace Kernel.Kernels.Tests;

/// <summary>
/// float and double Sum, Dot and SumOfSquares are bit-identical to a scalar loop in the documented fixed order
/// (element i in lane i mod L of accumulator (i / L) mod 4, L = 32 bytes / element size; accumulators added as
/// (a0 + a1) + (a2 + a3); lanes halved pairwise; the tail left to right). The scalar loop uses no SIMD, so this
/// holds on a machine with 512-bit vectors as on one with none, and training runs reproduce across x64 machines.
/// </summary>
public abstract class FixedOrderSumTests<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static readonly int[] ExtraLengths = [3, 4, 5, 12, 32, 63, 64, 65, 127, 1027];

    public static TheoryData<int> Lengths()
    {
        var data = LengthData();
        foreach (int n in ExtraLengths)
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SumDotAndSumOfSquaresFollowTheFixedOrderBitForBit(int n)
    {
        T[] x = Uniform<T>(n, -10, 10);
        T[] y = Uniform<T>(n, -10, 10, 77);
        Assert.Equal(Reference(x, x, multiply: false), Reductions.Sum<T>(x));
        Assert.Equal(Reference(x, y, multiply: true), Reductions.Dot<T>(x, y));
        Assert.Equal(Reference(x, x, multiply: true), Reductions.SumOfSquares<T>(x));
    }

    private static T Reference(T[] x, T[] y, bool multiply)
    {
        int lanes = 32 / Unsafe.SizeOf<T>();
        var accumulators = new T[4, lanes];
        int whole = x.Length / lanes * lanes;
        for (int i = 0; i < whole; i++)
        {
            accumulators[i / lanes % 4, i % lanes] += multiply ? x[i] * y[i] : x[i];
        }

        var lane = new T[lanes];
        for (int k = 0; k < lanes; k++)
        {
            lane[k] = (accumulators[0, k] + accumulators[1, k]) + (accumulators[2, k] + accumulators[3, k]);
        }

        for (int width = lanes / 2; width >= 1; width /= 2)
        {
            for (int k = 0; k < width; k++)
            {
                lane[k] += lane[k + width];
            }
        }

        T sum = lane[0];
        for (int i = whole; i < x.Length; i++)
        {
            sum += multiply ? x[i] * y[i] : x[i];
        }

        return sum;
    }
}

public sealed class FixedOrderSumSingleTests : FixedOrderSumTests<float>;

public sealed class FixedOrderSumDoubleTests : FixedOrderSumTests<double>;
