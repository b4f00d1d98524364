namespace Kernel.Kernels.Gpu;

/// <summary>One device that <see cref="GpuDevice.Available"/> found.</summary>
/// <param name="Kind">The kind to pass to <see cref="GpuDevice.Open(DeviceKind, int)"/>.</param>
/// <param name="Index">The device's index among those of its kind (0 for the first).</param>
/// <param name="Name">The name the driver reports, e.g. "NVIDIA H100 80GB HBM3".</param>
/// <param name="MemoryBytes">The device's memory: a GPU's global memory, or for the CPU kinds the memory this process may use.</param>
public sealed record DeviceDescription(DeviceKind Kind, int Index, string Name, long MemoryBytes)
{
    /// <summary>"cuda:0 (NVIDIA H100 80GB HBM3)".</summary>
    /// <returns>The kind, index and name on one line.</returns>
    public override string ToString() => $"{DeviceNames.Of(Kind)}:{Index} ({Name})";
}
