using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

// Adapters that run a lane operation as a span kernel through LaneLoop.

/// <summary>Runs <typeparamref name="TOp"/> over spans.</summary>
internal readonly struct LaneUnary<TOp>(TOp op) : IUnarySpanKernel
    where TOp : struct, IUnaryLaneOp
{
    public void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LaneLoop.Unary(x, destination, op);
}

/// <summary>Runs <typeparamref name="TOp"/> over spans.</summary>
internal readonly struct LaneBinary<TOp>(TOp op) : IBinarySpanKernel
    where TOp : struct, IBinaryLaneOp
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LaneLoop.Binary(x, y, destination, op);
}

/// <summary>Runs <typeparamref name="TOp"/> over spans.</summary>
internal readonly struct LaneTernary<TOp>(TOp op) : ITernarySpanKernel
    where TOp : struct, ITernaryLaneOp
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LaneLoop.Ternary(x, y, z, destination, op);
}

/// <summary>
/// Runs <typeparamref name="TOp"/> over spans, on 512-bit vectors for float where Vector512 is hardware accelerated
/// (same bits, twice the lanes per step), else as <see cref="LaneUnary{TOp}"/>.
/// </summary>
internal readonly struct WideLaneUnary<TOp>(TOp op) : IUnarySpanKernel
    where TOp : struct, IWideUnaryLaneOp
{
    public void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated)
        {
            LaneLoop.WideUnary(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(destination), op);
        }
        else
        {
            LaneLoop.Unary(x, destination, op);
        }
    }
}

/// <summary>The binary form of <see cref="WideLaneUnary{TOp}"/>.</summary>
internal readonly struct WideLaneBinary<TOp>(TOp op) : IBinarySpanKernel
    where TOp : struct, IWideBinaryLaneOp
{
    public void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated)
        {
            LaneLoop.WideBinary(
                MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(destination), op);
        }
        else
        {
            LaneLoop.Binary(x, y, destination, op);
        }
    }
}
