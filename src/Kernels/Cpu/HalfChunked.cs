using System.Numerics.Tensors;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// Runs float kernels on Half data: each chunk is widened to float (exact), computed in float, and rounded once to
/// Half. Chunks are read before they are written, so exact in-place aliasing is safe. Lengths are validated by
/// the callers.
/// </summary>
internal static class HalfChunked
{
    /// <summary>Elements per chunk (stack buffers of this many floats).</summary>
    public const int ChunkLength = 256;

    public static void Unary<TKernel>(ReadOnlySpan<Half> x, Span<Half> destination, TKernel kernel)
        where TKernel : struct, IUnarySpanKernel
    {
        Span<float> a = stackalloc float[ChunkLength];
        for (int i = 0; i < x.Length; i += ChunkLength)
        {
            int count = Math.Min(ChunkLength, x.Length - i);
            Span<float> ac = a[..count];
            TensorPrimitives.ConvertToSingle(x.Slice(i, count), ac);
            kernel.Run<float>(ac, ac);
            TensorPrimitives.ConvertToHalf(ac, destination.Slice(i, count));
        }
    }

    public static void Binary<TKernel>(ReadOnlySpan<Half> x, ReadOnlySpan<Half> y, Span<Half> destination, TKernel kernel)
        where TKernel : struct, IBinarySpanKernel
    {
        Span<float> a = stackalloc float[ChunkLength];
        Span<float> b = stackalloc float[ChunkLength];
        for (int i = 0; i < x.Length; i += ChunkLength)
        {
            int count = Math.Min(ChunkLength, x.Length - i);
            Span<float> ac = a[..count];
            Span<float> bc = b[..count];
            TensorPrimitives.ConvertToSingle(x.Slice(i, count), ac);
            TensorPrimitives.ConvertToSingle(y.Slice(i, count), bc);
            kernel.Run<float>(ac, bc, ac);
            TensorPrimitives.ConvertToHalf(ac, destination.Slice(i, count));
        }
    }

    public static void Ternary<TKernel>(
        ReadOnlySpan<Half> x, ReadOnlySpan<Half> y, ReadOnlySpan<Half> z, Span<Half> destination, TKernel kernel)
        where TKernel : struct, ITernarySpanKernel
    {
        Span<float> a = stackalloc float[ChunkLength];
        Span<float> b = stackalloc float[ChunkLength];
        Span<float> c = stackalloc float[ChunkLength];
        for (int i = 0; i < x.Length; i += ChunkLength)
        {
            int count = Math.Min(ChunkLength, x.Length - i);
            Span<float> ac = a[..count];
            Span<float> bc = b[..count];
            Span<float> cc = c[..count];
            TensorPrimitives.ConvertToSingle(x.Slice(i, count), ac);
            TensorPrimitives.ConvertToSingle(y.Slice(i, count), bc);
            TensorPrimitives.ConvertToSingle(z.Slice(i, count), cc);
            kernel.Run<float>(ac, bc, cc, ac);
            TensorPrimitives.ConvertToHalf(ac, destination.Slice(i, count));
        }
    }
}
