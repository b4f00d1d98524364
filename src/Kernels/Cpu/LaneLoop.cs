using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Drives lane operations over spans of float or double. The tail is padded into a full vector, so every element
/// is computed by the same vector code wherever it sits; inputs are read before the matching output is written,
/// so exact in-place aliasing is safe. Lengths are validated by the callers.
/// The loops are compiled fully optimised on first call (<see cref="MethodImplOptions.AggressiveOptimization"/>), with
/// the lane operation inlined: tiered compilation would otherwise run the first calls of every kernel as unoptimised
/// code with the lane math as out-of-line calls, 5-10x slower, for the first tens of calls or first ~100 ms.
/// </summary>
internal static class LaneLoop
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryLaneOp
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        nuint width = (nuint)Vector<T>.Count;
        nuint i = 0;
        for (; i + width <= n; i += width)
        {
            op.Invoke(Vector.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        if (i < n)
        {
            int start = (int)i;
            Vector<T> vx = Pad(x[start..]);
            Vector<T> result = op.Invoke(vx);
            Lanes(ref result)[..(x.Length - start)].CopyTo(destination[start..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryLaneOp
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        nuint width = (nuint)Vector<T>.Count;
        nuint i = 0;
        for (; i + width <= n; i += width)
        {
            op.Invoke(Vector.LoadUnsafe(ref xr, i), Vector.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        if (i < n)
        {
            int start = (int)i;
            Vector<T> result = op.Invoke(Pad(x[start..]), Pad(y[start..]));
            Lanes(ref result)[..(x.Length - start)].CopyTo(destination[start..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Ternary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, ITernaryLaneOp
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T zr = ref MemoryMarshal.GetReference(z);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        nuint width = (nuint)Vector<T>.Count;
        nuint i = 0;
        for (; i + width <= n; i += width)
        {
            op.Invoke(Vector.LoadUnsafe(ref xr, i), Vector.LoadUnsafe(ref yr, i), Vector.LoadUnsafe(ref zr, i))
                .StoreUnsafe(ref dr, i);
        }

        if (i < n)
        {
            int start = (int)i;
            Vector<T> result = op.Invoke(Pad(x[start..]), Pad(y[start..]), Pad(z[start..]));
            Lanes(ref result)[..(x.Length - start)].CopyTo(destination[start..]);
        }
    }

    /// <summary><see cref="Unary{T, TOp}"/> for float on 512-bit vectors (see <see cref="WideLaneUnary{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WideUnary<TOp>(ReadOnlySpan<float> x, Span<float> destination, TOp op)
        where TOp : struct, IWideUnaryLaneOp
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        nuint width = (nuint)Vector512<float>.Count;
        nuint i = 0;
        for (; i + width <= n; i += width)
        {
            op.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        if (i < n)
        {
            int start = (int)i;
            Vector512<float> result = op.Invoke(Pad512(x[start..]));
            Lanes512(ref result)[..(x.Length - start)].CopyTo(destination[start..]);
        }
    }

    /// <summary><see cref="Binary{T, TOp}"/> for float on 512-bit vectors (see <see cref="WideLaneBinary{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WideBinary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, TOp op)
        where TOp : struct, IWideBinaryLaneOp
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        nuint width = (nuint)Vector512<float>.Count;
        nuint i = 0;
        for (; i + width <= n; i += width)
        {
            op.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        if (i < n)
        {
            int start = (int)i;
            Vector512<float> result = op.Invoke(Pad512(x[start..]), Pad512(y[start..]));
            Lanes512(ref result)[..(x.Length - start)].CopyTo(destination[start..]);
        }
    }

    /// <summary>Copies fewer than 16 floats into a zero-padded 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pad512(ReadOnlySpan<float> tail)
    {
        Vector512<float> padded = Vector512<float>.Zero;
        tail.CopyTo(Lanes512(ref padded));
        return padded;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Span<float> Lanes512(ref Vector512<float> vector) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<Vector512<float>, float>(ref vector), Vector512<float>.Count);

    /// <summary>Copies fewer than <c>Vector&lt;T&gt;.Count</c> elements into a zero-padded vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Pad<T>(ReadOnlySpan<T> tail)
        where T : unmanaged
    {
        Vector<T> padded = Vector<T>.Zero;
        tail.CopyTo(Lanes(ref padded));
        return padded;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Span<T> Lanes<T>(ref Vector<T> vector)
        where T : unmanaged =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<Vector<T>, T>(ref vector), Vector<T>.Count);
}
