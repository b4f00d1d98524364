using Kernel.Kernels.Devices;
using Kernel.Kernels.Gpu;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary>A fact about a missing CUDA device; on a machine that has one it is skipped and the reason is printed.</summary>
public sealed class WithoutCudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> SkipReason = new(() =>
        GpuDevice.Available().Any(d => d.Kind == DeviceKind.Cuda) ? "a CUDA device is present, so it cannot be shown missing" : null);

    public WithoutCudaFactAttribute()
    {
        if (SkipReason.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
