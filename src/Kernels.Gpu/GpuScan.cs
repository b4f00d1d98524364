using ILGPU;
using ILGPU.Runtime;
using Kernel.Kernels.Cpu;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// The numerics monitor's scans on device views, with the results of <see cref="Scan"/>: the first non-finite index
/// and a <see cref="ValueSummary"/>. Each runs one reduction kernel and copies back only its few result values
/// (synchronising the device's stream), never the scanned elements. The small result buffers are allocated on first
/// use and live as long as the device.
/// Thread-safety: as its <see cref="GpuDevice"/> (one thread at a time).
/// </summary>
public sealed class GpuScan
{
    private readonly GpuDevice device;
    private readonly int[] indexResult = new int[1];
    private readonly double[] summaryResult = new double[ScanKernels.SummarySlots];
    private MemoryBuffer1D<int, Stride1D.Dense>? indexBuffer;
    private MemoryBuffer1D<double, Stride1D.Dense>? summaryBuffer;

    internal GpuScan(GpuDevice device) => this.device = device;

    /// <summary>The index of the first NaN, +inf or -inf in <paramref name="x"/>, or -1 if every value is finite.</summary>
    /// <param name="x">float, double or ILGPU Half values.</param>
    /// <returns>The first non-finite index, or -1.</returns>
    public int IndexOfNonFinite<T>(ArrayView<T> x)
        where T : unmanaged
    {
        Type codec = GpuDevice.CodecOf<T>();
        DeviceArguments.Indexable(x, nameof(x));
        if (x.Length == 0)
        {
            return -1;
        }

        indexBuffer ??= device.Allocate<int>(1);
        var kernel = device.Kernel<T, Action<KernelConfig, ArrayView<T>, ArrayView<int>>>(
            "first-non-finite",
            a => a.LoadStreamKernel(KernelMethods.Create<Action<ArrayView<T>, ArrayView<int>>>(typeof(ScanKernels), nameof(ScanKernels.FirstNonFinite), typeof(T), codec)));
        kernel(new KernelConfig(1, device.GroupSize), x, indexBuffer.View);
        indexBuffer.View.CopyToCPU(indexResult);
        return indexResult[0];
    }

    /// <summary>
    /// Counts infinities, NaNs, subnormals (of the element type's own format) and zeros, and finds the largest finite
    /// magnitude and the smallest finite non-zero magnitude, like <see cref="Scan.Summarize{T}"/>.
    /// </summary>
    /// <param name="x">float, double or ILGPU Half values.</param>
    /// <returns>The summary; for no values all counts are 0, AbsMax 0 and MinNonZeroMagnitude +inf.</returns>
    public ValueSummary Summarize<T>(ArrayView<T> x)
        where T : unmanaged
    {
        Type codec = GpuDevice.CodecOf<T>();
        DeviceArguments.Indexable(x, nameof(x));
        if (x.Length == 0)
        {
            return new ValueSummary(0, 0, double.PositiveInfinity, 0, 0, 0, 0, 0);
        }

        summaryBuffer ??= device.Allocate<double>(ScanKernels.SummarySlots);
        var kernel = device.Kernel<T, Action<KernelConfig, ArrayView<T>, ArrayView<double>, double>>(
            "summarize",
            a => a.LoadStreamKernel(KernelMethods.Create<Action<ArrayView<T>, ArrayView<double>, double>>(typeof(ScanKernels), nameof(ScanKernels.Summarize), typeof(T), codec)));
        kernel(new KernelConfig(1, device.GroupSize), x, summaryBuffer.View, SmallestNormal<T>());
        summaryBuffer.View.CopyToCPU(summaryResult);
        double[] r = summaryResult;
        return new ValueSummary(x.IntLength, r[0], r[1], (int)r[2], (int)r[3], (int)r[4], (int)r[5], (int)r[6]);
    }

    /// <summary>The smallest positive normal value of the element type: 2^-14 (Half), 2^-126 (float), 2^-1022 (double).</summary>
    private static double SmallestNormal<T>()
        where T : unmanaged
        => typeof(T) == typeof(IlgpuHalf) ? Math.ScaleB(1.0, -14)
            : typeof(T) == typeof(float) ? Math.ScaleB(1.0, -126)
            : Math.ScaleB(1.0, -1022);
}
