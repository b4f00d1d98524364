using System.Numerics;
using System.Runtime.Intrinsics;
using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>
/// The 512-bit float tanh and sech^2 (WideLaneMath, what Elementwise runs for float on AVX-512 cores) must give the same
/// bits as their Vector&lt;float&gt; forms in LaneMath (what other cores run, and what the ulp bounds were measured on):
/// every 4099th float bit pattern, a dense grid over [-60, 60] and the special values. NaN only has to stay NaN.
/// On a core without AVX-512 the 512-bit operations run in software with the same results, so the test runs everywhere.
/// </summary>
public class WideLaneMathTests
{
    [Fact]
    public void TanhMatchesTheVectorFormBitForBit() => AssertSameBits(
        static x => WideLaneMath.Tanh(x),
        static x => LaneMath.Tanh(x));

    [Fact]
    public void SechSquaredMatchesTheVectorFormBitForBit() => AssertSameBits(
        static x => new TanhBackwardOp().Invoke(x, Vector512<float>.One),
        static x => LaneMath.TanhDerivativeTimes(x, Vector<float>.One));

    private static void AssertSameBits(Func<Vector512<float>, Vector512<float>> wide, Func<Vector<float>, Vector<float>> narrow)
    {
        float[] inputs = Inputs();
        var wideResult = new float[inputs.Length];
        var narrowResult = new float[inputs.Length];
        for (int i = 0; i < inputs.Length; i += Vector512<float>.Count)
        {
            wide(Vector512.Create(inputs.AsSpan(i, Vector512<float>.Count))).CopyTo(wideResult.AsSpan(i));
        }

        for (int i = 0; i < inputs.Length; i += Vector<float>.Count)
        {
            narrow(new Vector<float>(inputs.AsSpan(i, Vector<float>.Count))).CopyTo(narrowResult.AsSpan(i));
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            bool same = float.IsNaN(narrowResult[i])
                ? float.IsNaN(wideResult[i])
                : BitConverter.SingleToUInt32Bits(wideResult[i]) == BitConverter.SingleToUInt32Bits(narrowResult[i]);
            Assert.True(same, $"x = {inputs[i]:R}: 512-bit {wideResult[i]:R}, Vector<float> {narrowResult[i]:R}");
        }
    }

    /// <summary>The inputs, padded with zeros to a multiple of 16 (a multiple of every Vector&lt;float&gt; width).</summary>
    private static float[] Inputs()
    {
        var values = new List<float>(1 << 21)
        {
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon,
            float.MaxValue, float.MinValue, 51.95f, 52f, -52f, 0.625f, -0.625f, 9.01f,
        };
        for (long bits = 0; bits <= uint.MaxValue; bits += 4099)
        {
            values.Add(BitConverter.UInt32BitsToSingle((uint)bits));
        }

        for (int i = -600_000; i <= 600_000; i++)
        {
            values.Add(i * 1e-4f);
        }

        while (values.Count % Vector512<float>.Count != 0)
        {
            values.Add(0f);
        }

        return [.. values];
    }
}
