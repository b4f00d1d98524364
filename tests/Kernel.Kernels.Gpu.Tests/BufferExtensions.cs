using ILGPU;
using ILGPU.Runtime;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>The whole of a dense 1D buffer as the flat view the kernels take.</summary>
internal static class BufferExtensions
{
    public static ArrayView<T> Flat<T>(this MemoryBuffer1D<T, Stride1D.Dense> buffer)
        where T : unmanaged => buffer.View;
}
