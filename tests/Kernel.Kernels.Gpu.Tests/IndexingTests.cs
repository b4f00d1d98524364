using System.Numerics;
using System.Runtime.InteropServices;
using Kernel.Kernels.Cpu;
using Xunit;
using Half = System.Half;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// The index kernels (argmax/argmin, gather, scatter-add) on the ILGPU CPU accelerator give the host kernels' bits in
/// every precision, over both axes of odd-sized matrices, with ties, NaN, repeated and invalid positions.
/// </summary>
public sealed class IndexingTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Precisions() => new() { "fp16", "fp32", "fp64" };

    [Theory]
    [MemberData(nameof(Precisions))]
    public void DeviceIndexKernelsMatchTheHostBitForBit(string precision)
    {
        switch (precision)
        {
            case "fp16": Check<Half, IlgpuHalf>(); break;
            case "fp32": Check<float, float>(); break;
            default: Check<double, double>(); break;
        }
    }

    [Fact]
    public void BadLayoutsNameTheParameter()
    {
        GpuDevice device = fixture.Device;
        using var x = device.Allocate<float>(12);
        using var d = device.Allocate<float>(4);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => device.Indexing.ArgExtremum(x.Flat(), 3, 5, 1, true, d.Flat())).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => device.Indexing.ArgExtremum(x.Flat().SubView(0, 0), 3, 0, 1, true, d.Flat().SubView(0, 3))).ParamName);
        Assert.Equal("indices", Assert.Throws<ArgumentException>(() => device.Indexing.Gather(x.Flat(), 3, 4, 1, d.Flat(), true, x.Flat().SubView(0, 0))).ParamName);
    }

    private void Check<T, TDevice>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        foreach ((int rows, int columns) in new[] { (1, 1), (5, 7), (17, 3) })
        {
            T[] x = Precision.Uniform<T>(rows * columns, -3, 3, rows * 31 + columns);
            x[0] = x[^1]; // a tie
            if (x.Length > 4)
            {
                x[3] = T.NaN;
            }

            foreach ((int outer, int length, int inner) in new[] { (1, rows, columns), (rows, columns, 1) })
            {
                foreach (bool maximum in new[] { true, false })
                {
                    var expected = new T[outer * inner];
                    Indexing.ArgExtremum<T>(x, outer, length, inner, maximum, expected);
                    using var gx = Precision.Upload<T, TDevice>(device, x);
                    using var gd = device.Allocate<TDevice>(expected.Length);
                    device.Indexing.ArgExtremum(gx.Flat(), outer, length, inner, maximum, gd.Flat());
                    AssertBitwise(expected, Precision.Download<T, TDevice>(gd.Flat()), $"arg{(maximum ? "max" : "min")} {outer}x{length}x{inner}");
                }

                foreach (bool shared in new[] { true, false })
                {
                    const int count = 4;
                    int positionCount = shared ? count : outer * count * inner;
                    var positions = new T[positionCount];
                    for (int p = 0; p < positionCount; p++)
                    {
                        // Mostly valid positions with repeats; one past the end and one fraction, both invalid.
                        positions[p] = T.CreateTruncating((p * 7) % (length + 1));
                    }

                    positions[^1] = T.CreateTruncating(0.5);
                    var gathered = new T[outer * count * inner];
                    Indexing.Gather<T>(x, outer, length, inner, positions, shared, gathered);
                    var scattered = new T[x.Length];
                    Indexing.ScatterAdd<T>(gathered.Select(v => T.IsNaN(v) ? T.One : v).ToArray(), outer, count, inner, positions, shared, scattered);

                    using var gx = Precision.Upload<T, TDevice>(device, x);
                    using var gp = Precision.Upload<T, TDevice>(device, positions);
                    using var gg = device.Allocate<TDevice>(gathered.Length);
                    device.Indexing.Gather(gx.Flat(), outer, length, inner, gp.Flat(), shared, gg.Flat());
                    AssertBitwise(gathered, Precision.Download<T, TDevice>(gg.Flat()), $"gather {outer}x{length}x{inner} shared {shared}");

                    using var gv = Precision.Upload<T, TDevice>(device, gathered.Select(v => T.IsNaN(v) ? T.One : v).ToArray());
                    using var gs = device.Allocate<TDevice>(scattered.Length);
                    device.Indexing.ScatterAdd(gv.Flat(), outer, count, inner, gp.Flat(), shared, gs.Flat());
                    AssertBitwise(scattered, Precision.Download<T, TDevice>(gs.Flat()), $"scatter-add {outer}x{count}x{inner} shared {shared}");
                }
            }
        }
    }

    private static void AssertBitwise<T>(T[] expected, T[] actual, string what)
        where T : unmanaged
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())), what);
    }
}
