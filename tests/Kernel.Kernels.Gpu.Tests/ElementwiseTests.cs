using System.Numerics;
using ILGPU.Runtime;
using Kernel.Kernels.Cpu;
using Xunit;
using Half = System.Half;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// Every elementwise GPU kernel on the ILGPU CPU accelerator against <see cref="Elementwise"/> and
/// <see cref="Broadcast"/>. The formulas are the CPU's step by step, so results are bitwise equal except where the
/// math library differs: the CPU's vectorised exp/log/tanh against the scalar ones ILGPU calls. Those are each
/// within about 1 ulp of the true value, so fp64 allows 2 ulps per library call in the formula (tanh: the CPU's own
/// rational form, 4); fp32 and fp16 compute them in fp64 and round once, so they agree up to 1 ulp (double rounding).
/// </summary>
public sealed class ElementwiseTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private static readonly double[] Specials = [0.0, -0.0, 1.0, -1.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 30.0, -30.0, 1e-7];

    public static TheoryData<string, UnaryOp> UnaryCases()
    {
        var data = new TheoryData<string, UnaryOp>();
        foreach (string p in new[] { "fp16", "fp32", "fp64" })
        {
            foreach (UnaryOp op in Enum.GetValues<UnaryOp>())
            {
                data.Add(p, op);
            }
        }

        return data;
    }

    public static TheoryData<string, BinaryOp> BinaryCases()
    {
        var data = new TheoryData<string, BinaryOp>();
        foreach (string p in new[] { "fp16", "fp32", "fp64" })
        {
            foreach (BinaryOp op in Enum.GetValues<BinaryOp>())
            {
                data.Add(p, op);
            }
        }

        return data;
    }

    public static TheoryData<string> Precisions() => new() { "fp16", "fp32", "fp64" };

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryMatchesCpu(string precision, UnaryOp op)
    {
        switch (precision)
        {
            case "fp16": Unary<Half, IlgpuHalf>(op); break;
            case "fp32": Unary<float, float>(op); break;
            default: Unary<double, double>(op); break;
        }
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryMatchesCpu(string precision, BinaryOp op)
    {
        switch (precision)
        {
            case "fp16": Binary<Half, IlgpuHalf>(op); break;
            case "fp32": Binary<float, float>(op); break;
            default: Binary<double, double>(op); break;
        }
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void ScalarClampMaskFmaSelectAndBroadcastsMatchCpu(string precision)
    {
        switch (precision)
        {
            case "fp16": Others<Half, IlgpuHalf>(); break;
            case "fp32": Others<float, float>(); break;
            default: Others<double, double>(); break;
        }
    }

    [Fact]
    public void InPlaceIsAllowedAndPartialOverlapIsRejected()
    {
        GpuDevice device = fixture.Device;
        float[] x = [1f, -2f, 3f, -4f];
        using var buffer = Precision.Upload<float, float>(device, x);
        device.Elementwise.Unary(UnaryOp.Square, buffer.Flat(), buffer.Flat());
        Assert.Equal([1f, 4f, 9f, 16f], Precision.Download<float, float>(buffer.Flat()));

        var error = Assert.Throws<ArgumentException>(() => device.Elementwise.Unary(UnaryOp.Exp, buffer.Flat().SubView(0, 3), buffer.Flat().SubView(1, 3)));
        Assert.Equal("destination", error.ParamName);
        var length = Assert.Throws<ArgumentException>(() => device.Elementwise.Binary(BinaryOp.Add, buffer.Flat(), buffer.Flat().SubView(0, 3), buffer.Flat()));
        Assert.Equal("y", length.ParamName);
        var clamp = Assert.Throws<ArgumentException>(() => device.Elementwise.Clamp(buffer.Flat(), 2f, 1f, buffer.Flat()));
        Assert.Contains("min <= max", clamp.Message);
        Assert.Throws<ArgumentException>(() => device.Elementwise.Unary((UnaryOp)99, buffer.Flat(), buffer.Flat()));
    }

    /// <summary>ulps allowed between the GPU and CPU results (see the class summary).</summary>
    private static long Bound<T>(UnaryOp op) => op switch
    {
        UnaryOp.Exp or UnaryOp.Log or UnaryOp.Sigmoid or UnaryOp.Silu => typeof(T) == typeof(double) ? 2 : 1,
        UnaryOp.Softplus or UnaryOp.SiluSecondDerivative => typeof(T) == typeof(double) ? 4 : 1,
        UnaryOp.Tanh => typeof(T) == typeof(double) ? 4 : 1,
        _ => 0,
    };

    /// <summary>
    /// The derivative kernels use the host's vectorised exp and the device's scalar one, so fp64 differs by rounding; the
    /// host's fp32 tanh derivative stays in float (within 4 ulps of the exact value), the device's computes in double.
    /// </summary>
    private static long Bound<T>(BinaryOp op) => op switch
    {
        BinaryOp.SiluBackward => typeof(T) == typeof(double) ? 4 : 1,
        BinaryOp.SigmoidBackward => typeof(T) == typeof(double) ? 4 : 1,
        BinaryOp.TanhBackward => typeof(T) == typeof(Half) ? 1 : 4,
        _ => 0,
    };

    private static T[] Input<T>(int length, double lo, double hi, int seed)
        where T : IBinaryFloatingPointIeee754<T>
    {
        T[] values = Precision.Uniform<T>(length, lo, hi, seed);
        for (int i = 0; i < Math.Min(length, Specials.Length); i++)
        {
            values[(i * 7) % length] = T.CreateTruncating(Specials[i]);
        }

        return values;
    }

    private void Unary<T, TDevice>(UnaryOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        foreach (int n in Precision.Lengths)
        {
            T[] x = op is UnaryOp.Log or UnaryOp.Sqrt ? Input<T>(n, 1e-3, 50, n) : Input<T>(n, -12, 12, n);
            var expected = new T[n];
            Cpu(op, x, expected);
            using var gx = Precision.Upload<T, TDevice>(device, x);
            using var gy = device.Allocate<TDevice>(n);
            device.Elementwise.Unary(op, gx.Flat(), gy.Flat());
            AssertClose(expected, Precision.Download<T, TDevice>(gy.Flat()), Bound<T>(op), $"{op} n={n}");
        }
    }

    private void Binary<T, TDevice>(BinaryOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        foreach (int n in Precision.Lengths)
        {
            T[] x = Input<T>(n, -8, 8, n);
            T[] y = Input<T>(n, -8, 8, n + 100);
            if (op == BinaryOp.EqualMask)
            {
                Array.Copy(x, y, n / 2); // some equal pairs
            }

            var expected = new T[n];
            Cpu(op, x, y, expected);
            using var gx = Precision.Upload<T, TDevice>(device, x);
            using var gy = Precision.Upload<T, TDevice>(device, y);
            using var gz = device.Allocate<TDevice>(n);
            device.Elementwise.Binary(op, gx.Flat(), gy.Flat(), gz.Flat());
            AssertClose(expected, Precision.Download<T, TDevice>(gz.Flat()), Bound<T>(op), $"{op} n={n}");
        }
    }

    private void Others<T, TDevice>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        GpuElementwise gpu = device.Elementwise;
        foreach (int n in Precision.Lengths)
        {
            T[] x = Input<T>(n, -3, 3, n);
            T[] y = Input<T>(n, -3, 3, n + 1);
            T[] z = Input<T>(n, -3, 3, n + 2);
            T[] condition = Precision.Uniform<T>(n, -1, 1, n + 3).Select((v, i) => i % 3 == 0 ? T.Zero : v).ToArray();
            using var gx = Precision.Upload<T, TDevice>(device, x);
            using var gy = Precision.Upload<T, TDevice>(device, y);
            using var gz = Precision.Upload<T, TDevice>(device, z);
            using var gc = Precision.Upload<T, TDevice>(device, condition);
            using var output = device.Allocate<TDevice>(n);
            var expected = new T[n];
            T s = T.CreateTruncating(0.75);
            TDevice sd = Bits<T, TDevice>(s);

            foreach ((ScalarOp op, Action<ReadOnlySpan<T>, T, Span<T>> cpu) in new (ScalarOp, Action<ReadOnlySpan<T>, T, Span<T>>)[]
            {
                (ScalarOp.Add, Elementwise.AddScalar), (ScalarOp.Multiply, Elementwise.MultiplyScalar), (ScalarOp.Power, Elementwise.PowScalar),
            })
            {
                cpu(x, s, expected);
                gpu.Scalar(op, gx.Flat(), sd, output.Flat());
                AssertClose(expected, Precision.Download<T, TDevice>(output.Flat()), op == ScalarOp.Power ? 1 : 0, $"{op} n={n}");
            }

            T lo = T.CreateTruncating(-0.5);
            T hi = T.CreateTruncating(1.25);
            Elementwise.Clamp<T>(x, lo, hi, expected);
            gpu.Clamp(gx.Flat(), Bits<T, TDevice>(lo), Bits<T, TDevice>(hi), output.Flat());
            AssertClose(expected, Precision.Download<T, TDevice>(output.Flat()), 0, $"clamp n={n}");

            Elementwise.InRangeMask<T>(x, lo, hi, expected);
            gpu.InRangeMask(gx.Flat(), Bits<T, TDevice>(lo), Bits<T, TDevice>(hi), output.Flat());
            AssertClose(expected, Precision.Download<T, TDevice>(output.Flat()), 0, $"in-range n={n}");

            Elementwise.FusedMultiplyAdd<T>(x, y, z, expected);
            gpu.FusedMultiplyAdd(gx.Flat(), gy.Flat(), gz.Flat(), output.Flat());
            AssertClose(expected, Precision.Download<T, TDevice>(output.Flat()), 0, $"fma n={n}");

            Elementwise.Select<T>(condition, x, y, expected);
            gpu.Select(gc.Flat(), gx.Flat(), gy.Flat(), output.Flat());
            AssertClose(expected, Precision.Download<T, TDevice>(output.Flat()), 0, $"select n={n}");

            // Broadcasts over an n x 3 matrix.
            const int columns = 3;
            T[] matrix = Input<T>(n * columns, -3, 3, n + 4);
            T[] row = Input<T>(columns, -3, 3, n + 5);
            using var gm = Precision.Upload<T, TDevice>(device, matrix);
            using var gr = Precision.Upload<T, TDevice>(device, row);
            using var gout = device.Allocate<TDevice>(n * columns);
            var expectedMatrix = new T[n * columns];
            Broadcast.AddRow<T>(matrix, n, columns, row, expectedMatrix);
            gpu.AddRow(gm.Flat(), n, columns, gr.Flat(), gout.Flat());
            AssertClose(expectedMatrix, Precision.Download<T, TDevice>(gout.Flat()), 0, $"add-row n={n}");
            Broadcast.MultiplyRow<T>(matrix, n, columns, row, expectedMatrix);
            gpu.MultiplyRow(gm.Flat(), n, columns, gr.Flat(), gout.Flat());
            AssertClose(expectedMatrix, Precision.Download<T, TDevice>(gout.Flat()), 0, $"multiply-row n={n}");
            Broadcast.BroadcastRow<T>(row, n, expectedMatrix);
            gpu.BroadcastRow(gr.Flat(), n, gout.Flat());
            AssertClose(expectedMatrix, Precision.Download<T, TDevice>(gout.Flat()), 0, $"broadcast-row n={n}");
            Broadcast.BroadcastColumn<T>(x, columns, expectedMatrix);
            gpu.BroadcastColumn(gx.Flat(), columns, gout.Flat());
            AssertClose(expectedMatrix, Precision.Download<T, TDevice>(gout.Flat()), 0, $"broadcast-column n={n}");
        }
    }

    private static TDevice Bits<T, TDevice>(T value)
        where T : unmanaged
        where TDevice : unmanaged
        => System.Runtime.CompilerServices.Unsafe.BitCast<T, TDevice>(value);

    private static void Cpu<T>(UnaryOp op, T[] x, T[] y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (op)
        {
            case UnaryOp.Negate: Elementwise.Negate<T>(x, y); break;
            case UnaryOp.Abs: Elementwise.Abs<T>(x, y); break;
            case UnaryOp.Exp: Elementwise.Exp<T>(x, y); break;
            case UnaryOp.Log: Elementwise.Log<T>(x, y); break;
            case UnaryOp.Tanh: Elementwise.Tanh<T>(x, y); break;
            case UnaryOp.Sigmoid: Elementwise.Sigmoid<T>(x, y); break;
            case UnaryOp.Softplus: Elementwise.Softplus<T>(x, y); break;
            case UnaryOp.Relu: Elementwise.Relu<T>(x, y); break;
            case UnaryOp.Silu: Elementwise.Silu<T>(x, y); break;
            case UnaryOp.Square: Elementwise.Square<T>(x, y); break;
            case UnaryOp.Sqrt: Elementwise.Sqrt<T>(x, y); break;
            case UnaryOp.SiluSecondDerivative: Elementwise.SiluSecondDerivative<T>(x, y); break;
            case UnaryOp.PositiveMask: Elementwise.PositiveMask<T>(x, y); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "no CPU counterpart");
        }
    }

    private static void Cpu<T>(BinaryOp op, T[] x, T[] y, T[] z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOp.Add: Elementwise.Add<T>(x, y, z); break;
            case BinaryOp.Subtract: Elementwise.Subtract<T>(x, y, z); break;
            case BinaryOp.Multiply: Elementwise.Multiply<T>(x, y, z); break;
            case BinaryOp.Divide: Elementwise.Divide<T>(x, y, z); break;
            case BinaryOp.Min: Elementwise.Min<T>(x, y, z); break;
            case BinaryOp.Max: Elementwise.Max<T>(x, y, z); break;
            case BinaryOp.TanhBackward: Elementwise.TanhBackward<T>(x, y, z); break;
            case BinaryOp.SigmoidBackward: Elementwise.SigmoidBackward<T>(x, y, z); break;
            case BinaryOp.ReluBackward: Elementwise.ReluBackward<T>(x, y, z); break;
            case BinaryOp.SiluBackward: Elementwise.SiluBackward<T>(x, y, z); break;
            case BinaryOp.GreaterMask: Elementwise.GreaterMask<T>(x, y, z); break;
            case BinaryOp.EqualMask: Elementwise.EqualMask<T>(x, y, z); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "no CPU counterpart");
        }
    }

    /// <summary>Bitwise equal when the bound is 0 (so -0 vs +0 fails), else within the ulp bound; NaN matches NaN.</summary>
    internal static void AssertClose<T>(T[] expected, T[] actual, long ulps, string what)
        where T : IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            bool ok = ulps == 0
                ? (T.IsNaN(expected[i]) && T.IsNaN(actual[i])) || expected[i].Equals(actual[i]) && T.IsNegative(expected[i]) == T.IsNegative(actual[i])
                : Precision.Ulps(expected[i], actual[i]) <= ulps;
            Assert.True(ok, $"{what} [{i}]: cpu {expected[i]:R}, gpu {actual[i]:R} ({Precision.Ulps(expected[i], actual[i])} ulps, bound {ulps}).");
        }
    }
}
