namespace Kernel.Kernels.Devices;

/// <summary>Where a run's kernels execute (the device kernels themselves are in <c>Kernel.Kernels.Gpu</c>). Chosen once per run; a missing device is an error, never a silent fallback.</summary>
public enum DeviceKind
{
    /// <summary>The SIMD kernels of <c>Kernel.Kernels.Cpu</c> on the host; always available, needs no GPU device.</summary>
    Cpu = 0,

    /// <summary>An NVIDIA GPU through ILGPU's CUDA accelerator (needs the CUDA driver and the CUDA toolkit's libdevice).</summary>
    Cuda = 1,

    /// <summary>ILGPU's CPU accelerator: runs the GPU kernels on host threads, for testing them without a GPU. Slow.</summary>
    IlgpuCpu = 2,
}
