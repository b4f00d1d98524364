using System.Numerics;

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
