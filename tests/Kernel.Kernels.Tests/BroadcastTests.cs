using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;
using static Kernel.Kernels.Tests.CpuKernelTestSupport;

namespace Kernel.Kernels.Tests;

/// <summary>Row/column broadcasting; + and * are correctly rounded in every T, so results must be exact.</summary>
public abstract class BroadcastTests<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static TheoryData<int, int> Shapes() => new()
    {
        { 0, 0 }, { 0, 4 }, { 4, 0 }, { 1, 1 }, { 3, 7 }, { 5, 17 }, { 9, 33 }, { 2, 1023 }, { 1, 1024 }, { 3, 300 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RowOperationsMatchReference(int rows, int columns)
    {
        T[] m = Uniform<T>(rows * columns, -50, 50);
        T[] row = Uniform<T>(columns, -50, 50, 55);
        var sum = new T[m.Length];
        var product = new T[m.Length];
        Broadcast.AddRow<T>(m, rows, columns, row, sum);
        Broadcast.MultiplyRow<T>(m, rows, columns, row, product);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int i = (r * columns) + c;
                double a = ToDouble(m[i]), b = ToDouble(row[c]);
                Assert.Equal(FromDouble<T>(a + b), sum[i]);
                Assert.Equal(FromDouble<T>(a * b), product[i]);
            }
        }

        T[] inPlace = (T[])m.Clone();
        Broadcast.AddRow<T>(inPlace, rows, columns, row, inPlace);
        Assert.Equal(sum, inPlace);
        inPlace = (T[])m.Clone();
        Broadcast.MultiplyRow<T>(inPlace, rows, columns, row, inPlace);
        Assert.Equal(product, inPlace);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BroadcastRowAndColumnRepeat(int rows, int columns)
    {
        T[] row = Uniform<T>(columns, -50, 50);
        var tiled = new T[rows * columns];
        Broadcast.BroadcastRow<T>(row, rows, tiled);
        for (int i = 0; i < tiled.Length; i++)
        {
            Assert.Equal(row[i % columns], tiled[i]);
        }

        T[] column = Uniform<T>(rows, -50, 50, 9);
        var spread = new T[rows * columns];
        Broadcast.BroadcastColumn<T>(column, columns, spread);
        for (int i = 0; i < spread.Length; i++)
        {
            Assert.Equal(column[i / columns], spread[i]);
        }
    }

    [Fact]
    public void SpecialValuesPassThrough()
    {
        T[] m = [MaxFinite<T>(), T.NaN, T.NegativeZero, T.One];
        T[] row = [MaxFinite<T>(), T.One];
        var d = new T[4];
        Broadcast.AddRow<T>(m, 2, 2, row, d);
        Assert.True(T.IsPositiveInfinity(d[0]));
        Assert.True(T.IsNaN(d[1]));
        Broadcast.MultiplyRow<T>(m, 2, 2, [T.Zero, T.One], d);
        Assert.True(T.IsNaN(d[1]));
        Assert.True(T.IsZero(d[2]) && T.IsNegative(d[2]), "-0 * 0 = -0");
    }

    [Fact]
    public void ValidationNamesTheParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => Broadcast.AddRow<T>(new T[6], 2, 3, new T[2], new T[6]));
        Assert.Equal("row", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Broadcast.MultiplyRow<T>(new T[5], 2, 3, new T[3], new T[6]));
        Assert.Equal("matrix", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Broadcast.AddRow<T>(new T[6], 2, 3, new T[3], new T[7]));
        Assert.Equal("destination", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Broadcast.AddRow<T>(new T[6], -2, -3, new T[3], new T[6]));
        Assert.Equal("rows", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Broadcast.BroadcastRow<T>(new T[3], 2, new T[5]));
        Assert.Equal("destination", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Broadcast.BroadcastRow<T>(new T[3], -1, Array.Empty<T>()));
        Assert.Equal("rows", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Broadcast.BroadcastColumn<T>(new T[3], 2, new T[5]));
        Assert.Equal("destination", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Broadcast.BroadcastColumn<T>(new T[3], -2, new T[6]));
        Assert.Equal("columns", ex.ParamName);
        var buffer = new T[9];
        ex = Assert.Throws<ArgumentException>(() => Broadcast.BroadcastRow<T>(buffer.AsSpan(0, 3), 2, buffer.AsSpan(2, 6)));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void BroadcastDoesNotAllocate()
    {
        T[] m = Uniform<T>(12 * 40, -3, 3);
        T[] row = Uniform<T>(40, -3, 3);
        T[] column = Uniform<T>(12, -3, 3);
        var d = new T[m.Length];
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Broadcast.AddRow<T>(m, 12, 40, row, d);
            Broadcast.MultiplyRow<T>(m, 12, 40, row, d);
            Broadcast.BroadcastRow<T>(row, 12, d);
            Broadcast.BroadcastColumn<T>(column, 40, d);
            if (i == 2)
            {
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
    }
}

public sealed class BroadcastHalfTests : BroadcastTests<Half>;

public sealed class BroadcastSingleTests : BroadcastTests<float>;

public sealed class BroadcastDoubleTests : BroadcastTests<double>;
