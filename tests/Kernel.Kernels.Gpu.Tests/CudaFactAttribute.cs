using Xunit;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>A fact that needs a CUDA device; without one it is skipped and the reason is printed.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> SkipReason = new(() =>
        GpuDevice.Available().Any(d => d.Kind == DeviceKind.Cuda)
            ? null
            : "no CUDA device on this machine (GpuDevice.Available() lists none); CI has no GPU.");

    public CudaFactAttribute()
    {
        if (SkipReason.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
