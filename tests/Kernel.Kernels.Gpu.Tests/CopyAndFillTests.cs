using System.Numerics;
using Xunit;
using Half = System.Half;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// Fill and column-block copies (the tape's slice, concat and embed) on the ILGPU CPU accelerator: values are copied
/// bit for bit, so they must equal a host copy exactly, NaN payloads and signed zeros included; bad arguments name
/// the parameter.
/// </summary>
public sealed class CopyAndFillTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Precisions() => new() { "fp16", "fp32", "fp64" };

    [Theory]
    [MemberData(nameof(Precisions))]
    public void CopyColumnsAndFillMatchAHostCopy(string precision)
    {
        switch (precision)
        {
            case "fp16": Check<Half, IlgpuHalf>(); break;
            case "fp32": Check<float, float>(); break;
            default: Check<double, double>(); break;
        }
    }

    [Fact]
    public void BadBlocksNameTheParameter()
    {
        GpuDevice device = fixture.Device;
        using var source = device.Allocate<float>(12);
        using var destination = device.Allocate<float>(12);
        Assert.Equal("sourceStart", Assert.Throws<ArgumentException>(() => device.Elementwise.CopyColumns(source.Flat(), 4, 2, destination.Flat(), 4, 0, 3, 3)).ParamName);
        Assert.Equal("destinationStart", Assert.Throws<ArgumentException>(() => device.Elementwise.CopyColumns(source.Flat(), 4, 0, destination.Flat(), 4, -1, 3, 2)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => device.Elementwise.CopyColumns(source.Flat(), 5, 0, destination.Flat(), 4, 0, 3, 2)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => device.Elementwise.CopyColumns(source.Flat(), 4, 0, source.Flat(), 4, 1, 3, 2)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentException>(() => device.Elementwise.CopyColumns(source.Flat(), 4, 0, destination.Flat(), 4, 0, 3, -1)).ParamName);
    }

    private void Check<T, TDevice>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        foreach ((int rows, int sourceColumns, int sourceStart, int destinationColumns, int destinationStart, int count) in
            new[] { (1, 1, 0, 1, 0, 1), (7, 13, 5, 9, 2, 6), (33, 17, 0, 20, 3, 17), (5, 4, 4, 3, 3, 0) })
        {
            T[] source = Precision.Uniform<T>(rows * sourceColumns, -5, 5, rows + sourceColumns);
            source[0] = T.NaN;
            T[] destination = Precision.Uniform<T>(rows * destinationColumns, -5, 5, 99);
            destination[^1] = T.NegativeZero;
            var expected = (T[])destination.Clone();
            for (int r = 0; r < rows; r++)
            {
                Array.Copy(source, (r * sourceColumns) + sourceStart, expected, (r * destinationColumns) + destinationStart, count);
            }

            using var gs = Precision.Upload<T, TDevice>(device, source);
            using var gd = Precision.Upload<T, TDevice>(device, destination);
            device.Elementwise.CopyColumns(gs.Flat(), sourceColumns, sourceStart, gd.Flat(), destinationColumns, destinationStart, rows, count);
            AssertBitwise(expected, Precision.Download<T, TDevice>(gd.Flat()), $"copy {rows}x{sourceColumns}[{sourceStart}..+{count}] -> {rows}x{destinationColumns}[{destinationStart}]");
        }

        foreach (int length in Precision.Lengths)
        {
            using var buffer = device.Allocate<TDevice>(length);
            T value = T.CreateTruncating(-2.75);
            device.Elementwise.Fill(buffer.Flat(), System.Runtime.CompilerServices.Unsafe.BitCast<T, TDevice>(value));
            AssertBitwise(Enumerable.Repeat(value, length).ToArray(), Precision.Download<T, TDevice>(buffer.Flat()), $"fill {length}");
        }
    }

    private static void AssertBitwise<T>(T[] expected, T[] actual, string what)
        where T : unmanaged
    {
        Assert.Equal(expected.Length, actual.Length);
        ReadOnlySpan<byte> e = System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.AsSpan());
        ReadOnlySpan<byte> a = System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan());
        Assert.True(e.SequenceEqual(a), what);
    }
}
