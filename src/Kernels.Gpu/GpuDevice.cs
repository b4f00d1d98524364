using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// An opened ILGPU device: owns the ILGPU <see cref="Context"/> and <see cref="ILGPU.Runtime.Accelerator"/> and
/// disposes both (buffers allocated on it must be disposed first). Kernels are compiled on first use and cached for
/// the device's lifetime. Element types are <see cref="float"/>, <see cref="double"/> and <see cref="IlgpuHalf"/>
/// (ILGPU's Half, bit-compatible with <see cref="System.Half"/>).
/// </summary>
/// <remarks>
/// Contexts are built with the default math mode (IEEE division and square root, no flush-to-zero, no demotion of
/// doubles); fast-math modes are never enabled. All launches go to the accelerator's default stream, in order.
/// Thread-safety: not thread-safe; use a device from one thread at a time (as a tape is used).
/// </remarks>
public sealed class GpuDevice : IDisposable
{
    /// <summary>
    /// The ILGPU CPU accelerator simulates 4 warps of 4 threads, so its groups have 16 threads (GEMM tiles of 4 x 4).
    /// It runs every simulated thread of a multiprocessor as an OS thread and meets them at each barrier, so launches
    /// cost in proportion to the thread count: 16 threads make a launch about 15 times cheaper than 256 on a two-core
    /// machine. The kernels read their group size at run time, and the group size changes only the tree order of the
    /// whole-array reductions (a rounding difference), never a GEMM element's accumulation order.
    /// </summary>
    private const int CpuThreadsPerWarp = 4;

    private const int CpuWarpsPerMultiprocessor = 4;

    private readonly Context context;
    private readonly Accelerator accelerator;
    private readonly Dictionary<(string Name, Type Element), Delegate> kernels = [];
    private bool disposed;

    private GpuDevice(DeviceKind kind, int index, Context context, Accelerator accelerator)
    {
        Kind = kind;
        Index = index;
        this.context = context;
        this.accelerator = accelerator;
        MathType = kind == DeviceKind.Cuda ? typeof(CudaMath) : typeof(HostMath);
        int threads = Math.Min(ReductionKernels.GroupSize, accelerator.MaxNumThreadsPerGroup);
        GroupSize = 1 << BitOperations.Log2((uint)threads);
        GemmTile = 1 << (BitOperations.Log2((uint)threads) / 2);
        Elementwise = new GpuElementwise(this);
        Reductions = new GpuReductions(this);
        Gemm = new GpuGemm(this);
        Scan = new GpuScan(this);
        Indexing = new GpuIndexing(this);
    }

    /// <summary>The kind this device was opened as.</summary>
    public DeviceKind Kind { get; }

    /// <summary>The device's index among those of its kind.</summary>
    public int Index { get; }

    /// <summary>The name the driver reports.</summary>
    public string Name => Live.Name;

    /// <summary>The accelerator's memory in bytes (a GPU's global memory; host memory for the CPU accelerator).</summary>
    public long MemoryBytes => Live.MemorySize;

    /// <summary>The ILGPU accelerator, for allocating and copying buffers.</summary>
    /// <exception cref="ObjectDisposedException">The device was disposed.</exception>
    public Accelerator Accelerator => Live;

    /// <summary>Elementwise kernels.</summary>
    public GpuElementwise Elementwise { get; }

    /// <summary>Reductions: whole-array, per row and per column.</summary>
    public GpuReductions Reductions { get; }

    /// <summary>The tiled GEMM.</summary>
    public GpuGemm Gemm { get; }

    /// <summary>The numerics monitor's scans: first non-finite index and value summaries.</summary>
    public GpuScan Scan { get; }

    /// <summary>Index kernels: argmax/argmin, gather and scatter-add along an axis.</summary>
    public GpuIndexing Indexing { get; }

    /// <summary>Threads of the one-group reductions, scans and fused objective: 256 on CUDA, 16 on the ILGPU CPU accelerator.</summary>
    internal int GroupSize { get; }

    /// <summary>Tile edge of the GEMM (groups of GemmTile x GemmTile threads): 16 on CUDA, 4 on the ILGPU CPU accelerator.</summary>
    internal int GemmTile { get; }

    /// <summary>The FMA provider type the kernels are instantiated with on this backend.</summary>
    internal Type MathType { get; }

    /// <summary>
    /// Lists every device this process can open: always <c>cpu:0</c> (the SIMD kernels) and <c>ilgpu-cpu:0</c>, plus
    /// one <c>cuda:i</c> per CUDA GPU the driver reports (none when there is no driver or GPU).
    /// </summary>
    /// <returns>The devices, CPU first.</returns>
    public static IReadOnlyList<DeviceDescription> Available()
    {
        DeviceDescription host = DeviceDescription.Host();
        var list = new List<DeviceDescription>
        {
            host,
            new(DeviceKind.IlgpuCpu, 0, "ILGPU CPU accelerator", host.MemoryBytes),
        };
        using Context probe = Context.Create(builder => builder.Cuda());
        List<CudaDevice> cuda = [.. probe.GetCudaDevices()];
        for (int i = 0; i < cuda.Count; i++)
        {
            list.Add(new DeviceDescription(DeviceKind.Cuda, i, cuda[i].Name, cuda[i].MemorySize));
        }

        return list;
    }

    /// <summary>Opens a device for the ILGPU kernels.</summary>
    /// <param name="kind"><see cref="DeviceKind.Cuda"/> or <see cref="DeviceKind.IlgpuCpu"/>.</param>
    /// <param name="index">Which device of that kind (0 for the first).</param>
    /// <returns>The opened device; dispose it when done.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="kind"/> is <see cref="DeviceKind.Cpu"/> (its kernels need no device) or not defined, or
    /// <paramref name="index"/> is negative.
    /// </exception>
    /// <exception cref="DeviceNotAvailableException">
    /// No such device, or CUDA without the toolkit's libdevice; the message lists what is available.
    /// </exception>
    public static GpuDevice Open(DeviceKind kind, int index = 0)
    {
        if (kind == DeviceKind.Cpu)
        {
            throw new ArgumentException(
                "kind is Cpu; the CPU runs the SIMD kernels of Kernel.Kernels.Cpu directly and needs no GpuDevice. Open Cuda or IlgpuCpu.",
                nameof(kind));
        }

        if (kind is not DeviceKind.Cuda and not DeviceKind.IlgpuCpu)
        {
            throw new ArgumentException($"kind is {(int)kind}; allowed values are Cuda and IlgpuCpu.", nameof(kind));
        }

        if (index < 0)
        {
            throw new ArgumentException($"index is {index}; it must be >= 0.", nameof(index));
        }

        return kind == DeviceKind.IlgpuCpu ? OpenIlgpuCpu(index) : OpenCuda(index);
    }

    /// <summary>Allocates an uninitialised buffer of <paramref name="length"/> elements on this device.</summary>
    /// <typeparam name="T">float, double or ILGPU Half.</typeparam>
    /// <param name="length">Number of elements (&gt;= 0).</param>
    /// <returns>The buffer; the caller disposes it.</returns>
    public MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(long length)
        where T : unmanaged
    {
        if (length < 0)
        {
            throw new ArgumentException($"length is {length}; it must be >= 0.", nameof(length));
        }

        return Live.Allocate1D<T>(length);
    }

    /// <summary>Waits until every launched kernel and copy has finished.</summary>
    public void Synchronize() => Live.Synchronize();

    /// <summary>Releases the accelerator and the context (kernels compiled on it are dropped).</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        kernels.Clear();
        accelerator.Dispose();
        context.Dispose();
    }

    /// <summary>Returns the cached kernel <paramref name="name"/> for element type <typeparamref name="T"/>, loading it once.</summary>
    internal TDelegate Kernel<T, TDelegate>(string name, Func<Accelerator, TDelegate> load)
        where TDelegate : Delegate
    {
        Accelerator live = Live;
        if (!kernels.TryGetValue((name, typeof(T)), out Delegate? kernel))
        {
            kernel = load(live);
            kernels.Add((name, typeof(T)), kernel);
        }

        return (TDelegate)kernel;
    }

    /// <summary>The codec type for element type <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float, double or ILGPU Half.</exception>
    internal static Type CodecOf<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return typeof(SingleCodec);
        }

        if (typeof(T) == typeof(double))
        {
            return typeof(DoubleCodec);
        }

        if (typeof(T) == typeof(IlgpuHalf))
        {
            return typeof(HalfCodec);
        }

        throw new NotSupportedException(
            $"element type {typeof(T).Name} is not supported on GPU devices; use float, double or ILGPU.Half (System.Half data is bit-compatible with ILGPU.Half).");
    }

    private Accelerator Live => disposed ? throw new ObjectDisposedException(nameof(GpuDevice)) : accelerator;

    /// <summary>
    /// An ILGPU CPU accelerator simulating <paramref name="threadsPerWarp"/> x <paramref name="warpsPerMultiprocessor"/>
    /// threads per group, e.g. 16 x 16 to run the kernels with CUDA's group sizes (slowly) in tests.
    /// </summary>
    internal static GpuDevice OpenSimulatedCpu(int threadsPerWarp, int warpsPerMultiprocessor)
    {
        var simulated = new CPUDevice(numThreadsPerWarp: threadsPerWarp, numWarpsPerMultiprocessor: warpsPerMultiprocessor, numMultiprocessors: 1);
        Context context = Context.Create(builder => builder.CPU(simulated).Math(MathMode.Default));
        try
        {
            return new GpuDevice(DeviceKind.IlgpuCpu, 0, context, context.CreateCPUAccelerator(0));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    private static GpuDevice OpenIlgpuCpu(int index)
    {
        if (index != 0)
        {
            throw Missing(DeviceKind.IlgpuCpu, index, $"there is one ILGPU CPU accelerator (index 0), not index {index}.");
        }

        return OpenSimulatedCpu(CpuThreadsPerWarp, CpuWarpsPerMultiprocessor);
    }

    private static GpuDevice OpenCuda(int index)
    {
        (string Nvvm, string LibDevice)? toolkit = CudaToolkit.FindLibDevice();
        Context context = Context.Create(builder =>
        {
            builder.Math(MathMode.Default);
            if (toolkit is { } found)
            {
                builder.LibDevice(found.Nvvm, found.LibDevice);
            }

            builder.Cuda();
        });
        try
        {
            List<CudaDevice> devices = [.. context.GetCudaDevices()];
            if (index >= devices.Count)
            {
                throw Missing(
                    DeviceKind.Cuda,
                    index,
                    devices.Count == 0
                        ? "no CUDA device was found (no NVIDIA driver, or no GPU visible to this process)."
                        : $"only {devices.Count} CUDA device(s) were found (indices 0..{devices.Count - 1}).");
            }

            if (toolkit is null)
            {
                throw Missing(
                    DeviceKind.Cuda,
                    index,
                    $"CUDA device '{devices[index].Name}' is present, but the CUDA toolkit's libdevice was not found (searched {string.Join(", ", CudaToolkit.SearchedRoots())}); "
                    + "exp, log and tanh compile through it. Set CUDA_HOME to the toolkit's root.");
            }

            return new GpuDevice(DeviceKind.Cuda, index, context, devices[index].CreateAccelerator(context));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    private static DeviceNotAvailableException Missing(DeviceKind kind, int index, string why)
    {
        string available = string.Join(", ", Available());
        return new DeviceNotAvailableException(
            kind, index, $"device {DeviceNames.Of(kind)}:{index} is not available: {why} Available: {available}.");
    }
}
