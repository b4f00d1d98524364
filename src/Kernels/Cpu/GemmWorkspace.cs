using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kernel.Kernels.Cpu;

/// <summary>Which per-thread GEMM buffer a caller wants.</summary>
internal enum GemmBuffer
{
    /// <summary>Packed block of op(A).</summary>
    PackedA = 0,

    /// <summary>Packed panel of op(B).</summary>
    PackedB = 1,

    /// <summary>fp32 accumulator for fp16 C (widened accumulation).</summary>
    WideC = 2,
}

/// <summary>
/// Per-thread, 64-byte aligned scratch buffers for packing and widened accumulation. Each buffer grows to the largest
/// size a thread has asked for and is then reused, so steady-state GEMM calls allocate nothing. Buffers live on the
/// pinned object heap and are collected with their thread.
/// </summary>
/// <remarks>
/// Thread-safety: every thread has its own buffers. A pointer is valid until the same thread asks for the same buffer
/// again; a GEMM call uses each buffer for one purpose only, and calls on one thread never nest.
/// </remarks>
internal static unsafe class GemmWorkspace
{
    private const int Alignment = 64;
    private const int Slots = 3;

    [ThreadStatic]
    private static byte[]?[]? arrays;

    /// <summary>Returns an aligned buffer of at least <paramref name="count"/> elements of <typeparamref name="T"/>.</summary>
    public static T* Get<T>(GemmBuffer slot, long count)
        where T : unmanaged
    {
        long bytes = Math.Max(1, count) * sizeof(T);
        byte[]?[] table = arrays ??= new byte[Slots][];
        byte[]? array = table[(int)slot];
        if (array is null || array.LongLength - Alignment < bytes)
        {
            long size = Math.Max(bytes, array is null ? 0 : (array.LongLength - Alignment) * 3 / 2);
            array = GC.AllocateUninitializedArray<byte>(checked((int)(size + Alignment)), pinned: true);
            table[(int)slot] = array;
        }

        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        nint aligned = (start + (Alignment - 1)) & ~(nint)(Alignment - 1);
        return (T*)aligned;
    }
}
