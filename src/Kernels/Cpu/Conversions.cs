using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Conversions between a run's precision (<see cref="Half"/>, <see cref="float"/>, <see cref="double"/>) and
/// double, e.g. to replay an op in fp64. Lengths must match exactly. Nothing is allocated on the managed heap.
/// Stateless and thread-safe.
/// </summary>
public static class Conversions
{
    /// <summary>destination[i] = (double)source[i], exactly (infinities, NaN and the sign of zero are kept).</summary>
    /// <param name="source">Values in <typeparamref name="T"/>.</param>
    /// <param name="destination">Same length as <paramref name="source"/>.</param>
    public static void Widen<T>(ReadOnlySpan<T> source, Span<double> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.SameLength(source, (ReadOnlySpan<double>)destination, nameof(source), nameof(destination));
        if (typeof(T) == typeof(double))
        {
            MemoryMarshal.Cast<T, double>(source).CopyTo(destination);
        }
        else if (typeof(T) == typeof(float))
        {
            WidenSingle(MemoryMarshal.Cast<T, float>(source), destination);
        }
        else
        {
            CpuKernelArguments.Supported<T>();
            ReadOnlySpan<Half> half = MemoryMarshal.Cast<T, Half>(source);
            Span<float> buffer = stackalloc float[HalfChunked.ChunkLength];
            for (int i = 0; i < half.Length; i += HalfChunked.ChunkLength)
            {
                int count = Math.Min(HalfChunked.ChunkLength, half.Length - i);
                Span<float> b = buffer[..count];
                TensorPrimitives.ConvertToSingle(half.Slice(i, count), b); // exact
                WidenSingle(b, destination.Slice(i, count));
            }
        }
    }

    /// <summary>
    /// destination[i] = source[i] rounded to nearest (ties to even) in <typeparamref name="T"/>, with a single
    /// rounding (double to Half goes directly, not through float). Values beyond the format's range become ±inf;
    /// NaN stays NaN; tiny values become subnormals or signed zeros.
    /// </summary>
    /// <param name="source">Values in double.</param>
    /// <param name="destination">Same length as <paramref name="source"/>.</param>
    public static void Narrow<T>(ReadOnlySpan<double> source, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CpuKernelArguments.SameLength(source, (ReadOnlySpan<T>)destination, nameof(source), nameof(destination));
        if (typeof(T) == typeof(double))
        {
            source.CopyTo(MemoryMarshal.Cast<T, double>(destination));
        }
        else if (typeof(T) == typeof(float))
        {
            NarrowToSingle(source, MemoryMarshal.Cast<T, float>(destination));
        }
        else
        {
            CpuKernelArguments.Supported<T>();
            Span<Half> half = MemoryMarshal.Cast<T, Half>(destination);
            for (int i = 0; i < source.Length; i++)
            {
                half[i] = (Half)source[i]; // correctly rounded in one step
            }
        }
    }

    private static void WidenSingle(ReadOnlySpan<float> source, Span<double> destination)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref double d = ref MemoryMarshal.GetReference(destination);
        int width = Vector<float>.Count;
        int i = 0;
        for (; i <= source.Length - width; i += width)
        {
            Vector.Widen(Vector.LoadUnsafe(ref s, (nuint)i), out Vector<double> low, out Vector<double> high);
            low.StoreUnsafe(ref d, (nuint)i);
            high.StoreUnsafe(ref d, (nuint)(i + Vector<double>.Count));
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
        }
    }

    private static void NarrowToSingle(ReadOnlySpan<double> source, Span<float> destination)
    {
        ref double s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int width = Vector<float>.Count;
        int i = 0;
        for (; i <= source.Length - width; i += width)
        {
            Vector<double> low = Vector.LoadUnsafe(ref s, (nuint)i);
            Vector<double> high = Vector.LoadUnsafe(ref s, (nuint)(i + Vector<double>.Count));
            Vector.Narrow(low, high).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref d, i) = (float)Unsafe.Add(ref s, i);
        }
    }
}
