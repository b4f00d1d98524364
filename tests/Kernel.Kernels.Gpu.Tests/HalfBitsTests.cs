using Xunit;
using Half = System.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>The kernels' own fp16 conversions against System.Half, exhaustively for widening and densely for rounding.</summary>
public sealed class HalfBitsTests
{
    [Fact]
    public void WideningIsExactForEveryPattern()
    {
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            float expected = (float)BitConverter.UInt16BitsToHalf((ushort)bits);
            float actual = HalfBits.ToSingle((ushort)bits);
            Assert.True(
                BitConverter.SingleToUInt32Bits(expected) == BitConverter.SingleToUInt32Bits(actual) || (float.IsNaN(expected) && float.IsNaN(actual)),
                $"0x{bits:X4}: System.Half {expected:R}, ours {actual:R}.");
        }
    }

    [Fact]
    public void RoundingMatchesSystemHalfAtEveryMidpointAndNeighbour()
    {
        // Every fp16 value, the midpoints to its neighbour (ties), and floats one ulp either side of each midpoint.
        for (int bits = 0; bits < 0x7C00; bits++)
        {
            float low = (float)BitConverter.UInt16BitsToHalf((ushort)bits);
            float high = (float)BitConverter.UInt16BitsToHalf((ushort)(bits + 1));
            float middle = (low + high) / 2; // exact in float
            foreach (float magnitude in new[] { low, middle, MathF.BitDecrement(middle), MathF.BitIncrement(middle) })
            {
                foreach (float value in new[] { magnitude, -magnitude })
                {
                    ushort expected = BitConverter.HalfToUInt16Bits((Half)value);
                    Assert.True(expected == HalfBits.FromSingle(value), $"{value:R}: System.Half 0x{expected:X4}, ours 0x{HalfBits.FromSingle(value):X4}.");
                }
            }
        }

        foreach (float special in new[] { 65519.996f, 65520f, 1e10f, float.PositiveInfinity, float.Epsilon, 2.9802322e-8f, 2.9802326e-8f })
        {
            Assert.Equal(BitConverter.HalfToUInt16Bits((Half)special), HalfBits.FromSingle(special));
            Assert.Equal(BitConverter.HalfToUInt16Bits((Half)(-special)), HalfBits.FromSingle(-special));
        }

        Assert.True(Half.IsNaN(BitConverter.UInt16BitsToHalf(HalfBits.FromSingle(float.NaN))));
    }
}
