using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;
using Half = System.Half;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// The tiled GEMM on the ILGPU CPU accelerator against <see cref="Gemm"/>: the same FMA order and the same blocking,
/// so results must be bitwise equal, for odd shapes (edges in every tile), all four transposes, beta 0 / nonzero,
/// k past one 256-deep block, alpha 0 and k 0, and fp16 widened and strict accumulation.
/// </summary>
public sealed class GemmTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private static readonly (int M, int N, int K)[] Shapes = [(1, 1, 1), (7, 17, 33), (33, 7, 65), (17, 1, 300), (2, 3, 0)];

    private static readonly (double Alpha, double Beta)[] ScaleCases = [(1.0, 0.0), (0.5, -1.25), (0.0, 2.0), (-2.0, 1.0), (1.0, 1.0)];

    public static TheoryData<string, Accumulation> Cases() => new()
    {
        { "fp16", Accumulation.Widened },
        { "fp16", Accumulation.Strict },
        { "fp32", Accumulation.Widened },
        { "fp64", Accumulation.Widened },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesCpuBitForBit(string precision, Accumulation accumulation)
    {
        switch (precision)
        {
            case "fp16": Run<Half, IlgpuHalf>(accumulation); break;
            case "fp32": Run<float, float>(accumulation); break;
            default: Run<double, double>(accumulation); break;
        }
    }

    [Fact]
    public void BadArgumentsNameTheParameter()
    {
        GpuDevice device = fixture.Device;
        using var a = device.Allocate<float>(6);
        using var c = device.Allocate<float>(4);
        var shortA = Assert.Throws<ArgumentException>(() => device.Gemm.Multiply(Transpose.None, Transpose.None, 2, 2, 4, 1f, a.Flat(), a.Flat(), 0f, c.Flat()));
        Assert.Equal("a", shortA.ParamName);
        var negative = Assert.Throws<ArgumentException>(() => device.Gemm.Multiply(Transpose.None, Transpose.None, -1, 2, 3, 1f, a.Flat(), a.Flat(), 0f, c.Flat()));
        Assert.Equal("m", negative.ParamName);
        var overlap = Assert.Throws<ArgumentException>(() => device.Gemm.Multiply(Transpose.None, Transpose.None, 2, 1, 1, 1f, a.Flat(), a.Flat(), 0f, a.Flat().SubView(0, 2)));
        Assert.Equal("c", overlap.ParamName);
    }

    private void Run<T, TDevice>(Accumulation accumulation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        int seed = 0;
        foreach ((int m, int n, int k) in Shapes)
        {
            foreach (Transpose ta in new[] { Transpose.None, Transpose.Transposed })
            {
                foreach (Transpose tb in new[] { Transpose.None, Transpose.Transposed })
                {
                    {
                        // The (alpha, beta) cases rotate over the shapes and transposes to keep the slow simulator quick.
                        seed++;
                        (double alpha, double beta) = ScaleCases[seed % ScaleCases.Length];
                        T[] a = Precision.Uniform<T>(m * k, -1, 1, seed);
                        T[] b = Precision.Uniform<T>(k * n, -1, 1, seed + 1000);
                        T[] c = Precision.Uniform<T>(m * n, -1, 1, seed + 2000);
                        T[] expected = (T[])c.Clone();
                        T alphaT = T.CreateTruncating(alpha);
                        T betaT = T.CreateTruncating(beta);
                        Gemm.Multiply(ta, tb, m, n, k, alphaT, a, b, betaT, expected, new GemmOptions(accumulation, MaxThreads: 1));

                        using var ga = Precision.Upload<T, TDevice>(device, a);
                        using var gb = Precision.Upload<T, TDevice>(device, b);
                        using var gc = Precision.Upload<T, TDevice>(device, c);
                        device.Gemm.Multiply(
                            ta, tb, m, n, k, System.Runtime.CompilerServices.Unsafe.BitCast<T, TDevice>(alphaT), ga.Flat(), gb.Flat(),
                            System.Runtime.CompilerServices.Unsafe.BitCast<T, TDevice>(betaT), gc.Flat(), accumulation);
                        ElementwiseTests.AssertClose(expected, Precision.Download<T, TDevice>(gc.Flat()), 0, $"gemm {m}x{n}x{k} {ta}/{tb} alpha {alpha} beta {beta}");
                    }
                }
            }
        }
    }
}
