using Kernel.Kernels;
using Kernel.Kernels.Gpu;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Autodiff.Gpu;

/// <summary>
/// The device backend: tensors in buffers on a <see cref="GpuDevice"/> (CUDA, or ILGPU's CPU accelerator for
/// testing), every op run by the ILGPU kernels of <c>Kernel.Kernels.Gpu</c>. Kernels are queued in order on the
/// device's stream; nothing comes back to the host unless asked for (<see cref="ComputeBackend{T}.Download"/>,
/// <see cref="ComputeBackend{T}.HostValues"/>, the monitor's small scan results). Results equal the CPU backend's
/// where the operation order is the same and differ by rounding where it is not (docs/gpu.md lists which).
/// <para>
/// Lifetime: a backend made by <see cref="Open"/> or with <c>ownsDevice: true</c> disposes its device on
/// <see cref="ComputeBackend{T}.Dispose()"/>, which frees every storage allocated on it; a borrowed device stays open
/// (several backends, one per precision, may share one device). Thread-safety: not thread-safe; use a backend, its
/// device and its tapes from one thread at a time.
/// </para>
/// </summary>
/// <typeparam name="T">Half (stored as IEEE binary16, computed as ILGPU's Half), float or double.</typeparam>
public abstract class GpuBackend<T> : ComputeBackend<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly bool ownsDevice;

    private protected GpuBackend(GpuDevice device, Accumulation accumulation, bool ownsDevice)
    {
        Device = device;
        Accumulation = accumulation;
        this.ownsDevice = ownsDevice;
    }

    /// <summary>The device the storages live on and the kernels run on.</summary>
    public GpuDevice Device { get; }

    /// <inheritdoc />
    public override Accumulation Accumulation { get; }

    /// <inheritdoc />
    public override string Name => DeviceNames.Of(Device.Kind);

    /// <summary>A backend on an opened <paramref name="device"/>.</summary>
    /// <param name="device">The device; stays open after the backend is disposed unless <paramref name="ownsDevice"/>.</param>
    /// <param name="accumulation">How fp16 reductions and GEMM accumulate.</param>
    /// <param name="ownsDevice">Dispose <paramref name="device"/> with the backend.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="accumulation"/> is not Widened or Strict.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not Half, float or double.</exception>
    public static GpuBackend<T> Create(GpuDevice device, Accumulation accumulation = Accumulation.Widened, bool ownsDevice = false)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (accumulation is not Accumulation.Widened and not Accumulation.Strict)
        {
            throw new ArgumentOutOfRangeException(nameof(accumulation), accumulation, "accumulation must be Widened or Strict.");
        }

        if (typeof(T) == typeof(Half))
        {
            return new GpuBackendCore<T, IlgpuHalf>(device, accumulation, ownsDevice);
        }

        if (typeof(T) == typeof(float))
        {
            return new GpuBackendCore<T, float>(device, accumulation, ownsDevice);
        }

        if (typeof(T) == typeof(double))
        {
            return new GpuBackendCore<T, double>(device, accumulation, ownsDevice);
        }

        throw new NotSupportedException($"T is {typeof(T).Name}; device backends support Half, float and double.");
    }

    /// <summary>Opens device <paramref name="kind"/>:<paramref name="index"/> and a backend that owns it.</summary>
    /// <param name="kind"><see cref="DeviceKind.Cuda"/> or <see cref="DeviceKind.IlgpuCpu"/>.</param>
    /// <param name="index">Which device of that kind.</param>
    /// <param name="accumulation">How fp16 reductions and GEMM accumulate.</param>
    /// <returns>The backend; disposing it closes the device.</returns>
    /// <exception cref="DeviceNotAvailableException">The device is not there (the message lists what is).</exception>
    public static GpuBackend<T> Open(DeviceKind kind, int index = 0, Accumulation accumulation = Accumulation.Widened)
    {
        GpuDevice device = GpuDevice.Open(kind, index);
        try
        {
            return Create(device, accumulation, ownsDevice: true);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsDevice)
        {
            Device.Dispose();
        }

        base.Dispose(disposing);
    }
}
