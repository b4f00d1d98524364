using ILGPU;

namespace Kernel.Kernels.Gpu;

/// <summary>Argument checks shared by the GPU kernels' host entry points; each names the parameter and the value.</summary>
internal static class DeviceArguments
{
    public static void SameLength<T>(ArrayView<T> x, ArrayView<T> y, string xName, string yName)
        where T : unmanaged
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"{yName} has length {y.Length}; it must equal the length of {xName}, {x.Length}.", yName);
        }
    }

    /// <summary>destination has x's length and is x itself or disjoint from it.</summary>
    public static void Output<T>(ArrayView<T> x, ArrayView<T> destination, string xName, string destinationName)
        where T : unmanaged
    {
        SameLength(x, destination, xName, destinationName);
        NoPartialOverlap(x, destination, xName, destinationName);
    }

    /// <summary>Rejects views of the same buffer that overlap without being identical.</summary>
    public static void NoPartialOverlap<T>(ArrayView<T> x, ArrayView<T> destination, string xName, string destinationName)
        where T : unmanaged
    {
        if (Overlap(x, destination) && (Start(x) != Start(destination) || x.Length != destination.Length))
        {
            throw new ArgumentException(
                $"{destinationName} partially overlaps {xName}; it must be the same view (in place) or not overlap at all.", destinationName);
        }
    }

    /// <summary>Rejects any overlap (for kernels whose threads read elements other threads write).</summary>
    public static void NoOverlap<T>(ArrayView<T> x, ArrayView<T> destination, string xName, string destinationName)
        where T : unmanaged
    {
        if (Overlap(x, destination))
        {
            throw new ArgumentException($"{destinationName} overlaps {xName}; it must not.", destinationName);
        }
    }

    public static void Length<T>(ArrayView<T> view, long required, string name, string because)
        where T : unmanaged
    {
        if (view.Length != required)
        {
            throw new ArgumentException($"{name} has length {view.Length}; it must have {required} ({because}).", name);
        }
    }

    public static void Matrix<T>(ArrayView<T> matrix, int rows, int columns, string name)
        where T : unmanaged
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        Length(matrix, (long)rows * columns, name, $"rows x columns = {rows} x {columns}");
    }

    public static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentException($"{name} is {value}; it must be >= 0.", name);
        }
    }

    /// <summary>Kernels index with 32-bit ints: lengths up to int.MaxValue.</summary>
    public static void Indexable<T>(ArrayView<T> view, string name)
        where T : unmanaged
    {
        if (view.Length > int.MaxValue)
        {
            throw new ArgumentException($"{name} has length {view.Length}; GPU kernels take at most {int.MaxValue} elements.", name);
        }
    }

    public static void Defined(Accumulation accumulation, string name)
    {
        if (accumulation is not Accumulation.Widened and not Accumulation.Strict)
        {
            throw new ArgumentException($"{name} is {(int)accumulation}; allowed values are Accumulation.Widened and Accumulation.Strict.", name);
        }
    }

    private static bool Overlap<T>(ArrayView<T> a, ArrayView<T> b)
        where T : unmanaged
        => a.Length > 0 && b.Length > 0 && ReferenceEquals(((IArrayView)a).Buffer, ((IArrayView)b).Buffer)
            && Start(a) < Start(b) + b.Length && Start(b) < Start(a) + a.Length;

    /// <summary>The view's first element's index in its buffer.</summary>
    private static long Start<T>(ArrayView<T> view)
        where T : unmanaged
        => ((IContiguousArrayView)view).Index;
}
