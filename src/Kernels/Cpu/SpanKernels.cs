using System.Numerics;

namespace Kernel.Kernels.Cpu;

// Span-level kernels, run on float or double spans only (Half is converted to float by HalfChunked first).

/// <summary>A kernel mapping one span to a destination of the same length.</summary>
internal interface IUnarySpanKernel
{
    /// <summary>Runs the kernel; <typeparamref name="T"/> is float or double.</summary>
    void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}

/// <summary>A kernel mapping two spans to a destination of the same length.</summary>
internal interface IBinarySpanKernel
{
    /// <summary>Runs the kernel; <typeparamref name="T"/> is float or double.</summary>
    void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}

/// <summary>A kernel mapping three spans to a destination of the same length.</summary>
internal interface ITernarySpanKernel
{
    /// <summary>Runs the kernel; <typeparamref name="T"/> is float or double.</summary>
    void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}
