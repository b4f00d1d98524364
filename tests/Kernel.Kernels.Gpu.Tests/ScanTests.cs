using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;
using Half = System.Half;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// The numerics monitor's device scans against <see cref="Scan"/>: the same first non-finite index and the same
/// summary (counts, abs-max and smallest non-zero magnitude are exact, so they must be equal) over odd lengths, with
/// infinities, NaNs, zeros of both signs and the format's own subnormals placed at fixed positions.
/// </summary>
public sealed class ScanTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private static readonly int[] Lengths = [0, 1, 17, 300];

    public static TheoryData<string> Precisions() => new() { "fp16", "fp32", "fp64" };

    [Theory]
    [MemberData(nameof(Precisions))]
    public void IndexOfNonFiniteAndSummaryMatchTheCpu(string precision)
    {
        switch (precision)
        {
            case "fp16": Check<Half, IlgpuHalf>(); break;
            case "fp32": Check<float, float>(); break;
            default: Check<double, double>(); break;
        }
    }

    [Fact]
    public void UnsupportedElementTypesAreRejected()
    {
        using var buffer = fixture.Device.Allocate<int>(3);
        Assert.Throws<NotSupportedException>(() => fixture.Device.Scan.Summarize(buffer.Flat()));
    }

    private void Check<T, TDevice>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        T subnormal = T.CreateTruncating(Precision.Epsilon<T>()) * T.CreateTruncating(typeof(T) == typeof(Half) ? Math.ScaleB(1.0, -14) : typeof(T) == typeof(float) ? Math.ScaleB(1.0, -126) : Math.ScaleB(1.0, -1022));
        foreach (int length in Lengths)
        {
            foreach (int variant in new[] { 0, 1, 2 })
            {
                T[] x = Precision.Uniform<T>(length, -100, 100, 17 + length + variant);
                if (length > 0 && variant > 0)
                {
                    // variant 1: specials from the middle on; variant 2: one NaN in the last slot only.
                    int at = variant == 1 ? length / 2 : length - 1;
                    T[] specials = variant == 1 ? [T.PositiveInfinity, T.NegativeZero, T.NaN, T.NegativeInfinity, T.Zero, subnormal, -subnormal] : [T.NaN];
                    for (int k = 0; k < specials.Length && at + k < length; k++)
                    {
                        x[at + k] = specials[k];
                    }
                }

                using var buffer = Precision.Upload<T, TDevice>(fixture.Device, x);
                string what = $"{typeof(T).Name} length {length} variant {variant}";
                Assert.True(Scan.IndexOfNonFinite<T>(x) == fixture.Device.Scan.IndexOfNonFinite(buffer.Flat()), what);
                Assert.True(Scan.Summarize<T>(x) == fixture.Device.Scan.Summarize(buffer.Flat()), $"{what}: {Scan.Summarize<T>(x)} vs {fixture.Device.Scan.Summarize(buffer.Flat())}");
            }
        }
    }
}
