using ILGPU;
using ILGPU.Runtime;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Index kernels on device views: argmax/argmin, gather (PyTorch's gather and index_select) and its adjoint
/// scatter-add along one axis of a tensor seen as outer x length x inner, with the semantics and bits of
/// <c>Kernel.Kernels.Cpu.Indexing</c>. Launches are asynchronous on the device's stream.
/// Thread-safety: as its <see cref="GpuDevice"/> (one thread at a time).
/// </summary>
public sealed class GpuIndexing
{
    private readonly GpuDevice device;

    internal GpuIndexing(GpuDevice device) => this.device = device;

    /// <summary>destination[o, i] = the first extreme position along the axis of x[o, :, i] (the first NaN if any).</summary>
    /// <param name="x">outer x length x inner values.</param>
    /// <param name="outer">Blocks before the axis (&gt;= 0).</param>
    /// <param name="length">Positions along the axis (&gt;= 1).</param>
    /// <param name="inner">Elements after the axis (&gt;= 0).</param>
    /// <param name="maximum">True for argmax, false for argmin.</param>
    /// <param name="destination">outer x inner positions; must not overlap x.</param>
    public void ArgExtremum<T>(ArrayView<T> x, int outer, int length, int inner, bool maximum, ArrayView<T> destination)
        where T : unmanaged
    {
        Layout(x, outer, length, inner, nameof(x));
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "length must be >= 1: an extremum needs at least one element.");
        }

        DeviceArguments.Length(destination, (long)outer * inner, nameof(destination), "outer x inner");
        DeviceArguments.NoOverlap(x, destination, nameof(x), nameof(destination));
        if (destination.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>>(
            "arg-extremum",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>>(nameof(IndexKernels.ArgExtremum), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(destination.IntLength, x, destination, length, inner, maximum ? 1 : 0);
    }

    /// <summary>destination[o, j, i] = source[o, index, i], index = indices[j] (shared) or indices[o, j, i]; NaN for an invalid index.</summary>
    /// <param name="source">outer x sourceLength x inner values.</param>
    /// <param name="outer">Blocks before the axis (&gt;= 0).</param>
    /// <param name="sourceLength">Positions along the source's axis (&gt;= 0).</param>
    /// <param name="inner">Elements after the axis (&gt;= 0).</param>
    /// <param name="indices">count indices (shared) or outer x count x inner.</param>
    /// <param name="shared">Whether one index list serves every block.</param>
    /// <param name="destination">outer x count x inner; must not overlap source or indices.</param>
    public void Gather<T>(ArrayView<T> source, int outer, int sourceLength, int inner, ArrayView<T> indices, bool shared, ArrayView<T> destination)
        where T : unmanaged
    {
        Layout(source, outer, sourceLength, inner, nameof(source));
        int count = Count(destination, outer, inner, nameof(destination));
        DeviceArguments.Length(indices, shared ? count : destination.Length, nameof(indices), shared ? "one per selected position" : "one per destination element");
        DeviceArguments.NoOverlap(source, destination, nameof(source), nameof(destination));
        DeviceArguments.NoOverlap(indices, destination, nameof(indices), nameof(destination));
        if (destination.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>>(
            "gather",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>>(nameof(IndexKernels.Gather), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(destination.IntLength, source, indices, destination, sourceLength, count, inner, shared ? 1 : 0);
    }

    /// <summary>The adjoint of <see cref="Gather"/>: destination[o, k, i] = sum of values[o, j, i] whose index is k (j ascending).</summary>
    /// <param name="values">outer x count x inner values.</param>
    /// <param name="outer">Blocks before the axis (&gt;= 0).</param>
    /// <param name="count">Positions along the values' axis (&gt;= 0).</param>
    /// <param name="inner">Elements after the axis (&gt;= 0).</param>
    /// <param name="indices">count indices (shared) or outer x count x inner.</param>
    /// <param name="shared">Whether one index list serves every block.</param>
    /// <param name="destination">outer x destinationLength x inner; must not overlap values or indices.</param>
    public void ScatterAdd<T>(ArrayView<T> values, int outer, int count, int inner, ArrayView<T> indices, bool shared, ArrayView<T> destination)
        where T : unmanaged
    {
        Layout(values, outer, count, inner, nameof(values));
        int destinationLength = Count(destination, outer, inner, nameof(destination));
        DeviceArguments.Length(indices, shared ? count : values.Length, nameof(indices), shared ? "one per value position" : "one per value");
        DeviceArguments.NoOverlap(values, destination, nameof(values), nameof(destination));
        DeviceArguments.NoOverlap(indices, destination, nameof(indices), nameof(destination));
        if (destination.Length == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>>(
            "scatter-add",
            a => a.LoadAutoGroupedStreamKernel(Method<Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>>(nameof(IndexKernels.ScatterAdd), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(destination.IntLength, values, indices, destination, count, destinationLength, inner, shared ? 1 : 0);
    }

    private static TDelegate Method<TDelegate>(string name, params Type[] typeArguments)
        where TDelegate : Delegate
        => KernelMethods.Create<TDelegate>(typeof(IndexKernels), name, typeArguments);

    private static void Layout<T>(ArrayView<T> view, int outer, int length, int inner, string name)
        where T : unmanaged
    {
        DeviceArguments.NonNegative(outer, nameof(outer));
        DeviceArguments.NonNegative(length, nameof(length));
        DeviceArguments.NonNegative(inner, nameof(inner));
        DeviceArguments.Length(view, (long)outer * length * inner, name, $"outer x length x inner = {outer} x {length} x {inner}");
        DeviceArguments.Indexable(view, name);
    }

    /// <summary>Positions along the axis of a destination of outer x ? x inner elements (0 when outer x inner is 0).</summary>
    private static int Count<T>(ArrayView<T> view, int outer, int inner, string name)
        where T : unmanaged
    {
        DeviceArguments.Indexable(view, name);
        long block = (long)outer * inner;
        if (block == 0)
        {
            DeviceArguments.Length(view, 0, name, "outer x inner is 0");
            return 0;
        }

        if (view.Length % block != 0)
        {
            throw new ArgumentException($"{name} has length {view.Length}; it must be a multiple of outer x inner = {block}.", name);
        }

        return (int)(view.Length / block);
    }
}
