namespace Kernel.Kernels.Devices;

/// <summary>One device a backend can open (the host, or one that <c>Kernel.Kernels.Gpu.GpuDevice.Available</c> found).</summary>
/// <param name="Kind">The kind to pass to <c>GpuDevice.Open</c>.</param>
/// <param name="Index">The device's index among those of its kind (0 for the first).</param>
/// <param name="Name">The name the driver reports, e.g. "NVIDIA H100 80GB HBM3".</param>
/// <param name="MemoryBytes">The device's memory: a GPU's global memory, or for the CPU kinds the memory this process may use.</param>
public sealed record DeviceDescription(DeviceKind Kind, int Index, string Name, long MemoryBytes)
{
    /// <summary>The host, <c>cpu:0</c>: the SIMD kernels on all cores, with the memory this process may use.</summary>
    /// <returns>The host's description.</returns>
    public static DeviceDescription Host()
        => new(DeviceKind.Cpu, 0, $"host SIMD kernels ({Environment.ProcessorCount} cores)", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>"cuda:0 (NVIDIA H100 80GB HBM3)".</summary>
    /// <returns>The kind, index and name on one line.</returns>
    public override string ToString() => $"{DeviceNames.Of(Kind)}:{Index} ({Name})";
}
