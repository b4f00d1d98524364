using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Kernel.Kernels;
using Kernel.Kernels.Cpu;
using Kernel.Kernels.Gpu;

namespace Kernel.Autodiff.Gpu;

/// <summary>
/// <see cref="GpuBackend{T}"/> for one host element type and the device element type its kernels take (the same type
/// for float and double; ILGPU's Half for System.Half, bit for bit). Views and constants are reinterpreted, never
/// converted. Thread-safety: as <see cref="GpuBackend{T}"/>.
/// </summary>
/// <typeparam name="THost">Half, float or double.</typeparam>
/// <typeparam name="TDevice">ILGPU Half, float or double: the same size and bits as <typeparamref name="THost"/>.</typeparam>
internal sealed class GpuBackendCore<THost, TDevice> : GpuBackend<THost>
    where THost : unmanaged, IBinaryFloatingPointIeee754<THost>
    where TDevice : unmanaged
{
    public GpuBackendCore(GpuDevice device, Accumulation accumulation, bool ownsDevice)
        : base(device, accumulation, ownsDevice)
    {
    }

    public override TensorStorage<THost> Allocate(int capacity)
    {
        if (capacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be >= 0.");
        }

        MemoryBuffer1D<THost, Stride1D.Dense> buffer = Device.Allocate<THost>(capacity);
        buffer.View.MemSetToZero();
        return new GpuStorage<THost>(this, buffer);
    }

    public override void Upload(ReadOnlySpan<THost> source, TensorStorage<THost> destination)
    {
        ArrayView<THost> target = Own(destination).View;
        SameLength(source.Length, target, nameof(source));
        target.CopyFromCPU(source);
    }

    public override void Download(TensorStorage<THost> source, Span<THost> destination)
    {
        ArrayView<THost> from = Own(source).View;
        SameLength(destination.Length, from, nameof(destination));
        from.CopyToCPU(destination);
    }

    /// <summary>Device memory is not host memory: always empty.</summary>
    public override Span<THost> HostSpan(TensorStorage<THost> storage)
    {
        Own(storage);
        return [];
    }

    public override ReadOnlySpan<THost> HostValues(TensorStorage<THost> storage)
    {
        GpuStorage<THost> gpu = Own(storage);
        Span<THost> mirror = gpu.Mirror();
        gpu.View.CopyToCPU(mirror);
        return mirror;
    }

    public override void Copy(TensorStorage<THost> source, TensorStorage<THost> destination)
    {
        ArrayView<THost> from = Own(source).View;
        ArrayView<THost> to = Own(destination).View;
        SameLength(from.IntLength, to, nameof(destination));
        if (from.Length > 0)
        {
            from.CopyTo(to);
        }
    }

    public override void Fill(TensorStorage<THost> destination, THost value) => Device.Elementwise.Fill(V(destination), D(value));

    public override void Unary(UnaryKernel kernel, TensorStorage<THost> x, TensorStorage<THost> destination)
    {
        UnaryOp op = kernel switch
        {
            UnaryKernel.Negate => UnaryOp.Negate,
            UnaryKernel.Exp => UnaryOp.Exp,
            UnaryKernel.Log => UnaryOp.Log,
            UnaryKernel.Tanh => UnaryOp.Tanh,
            UnaryKernel.Sigmoid => UnaryOp.Sigmoid,
            UnaryKernel.Softplus => UnaryOp.Softplus,
            UnaryKernel.Relu => UnaryOp.Relu,
            UnaryKernel.Silu => UnaryOp.Silu,
            UnaryKernel.Square => UnaryOp.Square,
            UnaryKernel.Sqrt => UnaryOp.Sqrt,
            _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown unary kernel."),
        };
        Device.Elementwise.Unary(op, V(x), V(destination));
    }

    public override void Binary(BinaryKernel kernel, TensorStorage<THost> x, TensorStorage<THost> y, TensorStorage<THost> destination)
    {
        BinaryOp op = kernel switch
        {
            BinaryKernel.Add => BinaryOp.Add,
            BinaryKernel.Subtract => BinaryOp.Subtract,
            BinaryKernel.Multiply => BinaryOp.Multiply,
            BinaryKernel.Divide => BinaryOp.Divide,
            BinaryKernel.Min => BinaryOp.Min,
            BinaryKernel.Max => BinaryOp.Max,
            BinaryKernel.TanhBackward => BinaryOp.TanhBackward,
            BinaryKernel.SigmoidBackward => BinaryOp.SigmoidBackward,
            BinaryKernel.ReluBackward => BinaryOp.ReluBackward,
            BinaryKernel.SiluBackward => BinaryOp.SiluBackward,
            BinaryKernel.GreaterMask => BinaryOp.GreaterMask,
            BinaryKernel.EqualMask => BinaryOp.EqualMask,
            _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown binary kernel."),
        };
        Device.Elementwise.Binary(op, V(x), V(y), V(destination));
    }

    public override void Scalar(ScalarKernel kernel, TensorStorage<THost> x, THost s, TensorStorage<THost> destination)
    {
        ScalarOp op = kernel switch
        {
            ScalarKernel.Add => ScalarOp.Add,
            ScalarKernel.Multiply => ScalarOp.Multiply,
            ScalarKernel.Power => ScalarOp.Power,
            _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown scalar kernel."),
        };
        Device.Elementwise.Scalar(op, V(x), D(s), V(destination));
    }

    public override void FusedMultiplyAdd(TensorStorage<THost> x, TensorStorage<THost> y, TensorStorage<THost> addend, TensorStorage<THost> destination)
        => Device.Elementwise.FusedMultiplyAdd(V(x), V(y), V(addend), V(destination));

    public override void Clamp(TensorStorage<THost> x, THost min, THost max, TensorStorage<THost> destination)
        => Device.Elementwise.Clamp(V(x), D(min), D(max), V(destination));

    public override void InRangeMask(TensorStorage<THost> x, THost min, THost max, TensorStorage<THost> destination)
        => Device.Elementwise.InRangeMask(V(x), D(min), D(max), V(destination));

    public override void Select(TensorStorage<THost> condition, TensorStorage<THost> whenTrue, TensorStorage<THost> whenFalse, TensorStorage<THost> destination)
        => Device.Elementwise.Select(V(condition), V(whenTrue), V(whenFalse), V(destination));

    public override void Gemm(Transpose transposeA, Transpose transposeB, int m, int n, int k, THost alpha, TensorStorage<THost> a, TensorStorage<THost> b, THost beta, TensorStorage<THost> c)
        => Device.Gemm.Multiply(transposeA, transposeB, m, n, k, D(alpha), V(a), V(b), D(beta), V(c), Accumulation);

    public override void Row(RowKernel kernel, TensorStorage<THost> matrix, int rows, int columns, TensorStorage<THost> row, TensorStorage<THost> destination)
    {
        if (kernel == RowKernel.Add)
        {
            Device.Elementwise.AddRow(V(matrix), rows, columns, V(row), V(destination));
        }
        else
        {
            Device.Elementwise.MultiplyRow(V(matrix), rows, columns, V(row), V(destination));
        }
    }

    public override void BroadcastRow(TensorStorage<THost> row, int rows, TensorStorage<THost> destination)
        => Device.Elementwise.BroadcastRow(V(row), rows, V(destination));

    public override void BroadcastColumn(TensorStorage<THost> column, int columns, TensorStorage<THost> destination)
        => Device.Elementwise.BroadcastColumn(V(column), columns, V(destination));

    /// <summary>A one-element row repeated once per destination element.</summary>
    public override void BroadcastScalar(TensorStorage<THost> scalar, TensorStorage<THost> destination)
    {
        ArrayView<TDevice> target = V(destination);
        Device.Elementwise.BroadcastRow(V(scalar), target.IntLength, target);
    }

    public override void Reduce(ReductionKernel kernel, TensorStorage<THost> x, TensorStorage<THost> destination)
    {
        ArrayView<TDevice> source = V(x);
        ArrayView<TDevice> target = V(destination);
        switch (kernel)
        {
            case ReductionKernel.Sum: Device.Reductions.Sum(source, target, Accumulation); break;
            case ReductionKernel.Mean: Device.Reductions.Mean(source, target, Accumulation); break;
            case ReductionKernel.Max: Device.Reductions.Max(source, target); break;
            case ReductionKernel.Min: Device.Reductions.Min(source, target); break;
            case ReductionKernel.SumOfSquares: Device.Reductions.SumOfSquares(source, target, Accumulation); break;
            case ReductionKernel.LogSumExp: Device.Reductions.LogSumExp(source, target, Accumulation); break;
            default: throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown reduction.");
        }
    }

    public override void Dot(TensorStorage<THost> x, TensorStorage<THost> y, TensorStorage<THost> destination)
        => Device.Reductions.Dot(V(x), V(y), V(destination), Accumulation);

    public override void ReduceRows(ReductionKernel kernel, TensorStorage<THost> matrix, int rows, int columns, TensorStorage<THost> destination)
    {
        switch (kernel)
        {
            case ReductionKernel.Sum: Device.Reductions.RowSums(V(matrix), rows, columns, V(destination), Accumulation); break;
            case ReductionKernel.Mean: Device.Reductions.RowMeans(V(matrix), rows, columns, V(destination), Accumulation); break;
            case ReductionKernel.LogSumExp: Device.Reductions.RowLogSumExp(V(matrix), rows, columns, V(destination), Accumulation); break;
            default: throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Row reductions are Sum, Mean and LogSumExp.");
        }
    }

    public override void ReduceColumns(ReductionKernel kernel, TensorStorage<THost> matrix, int rows, int columns, TensorStorage<THost> destination)
    {
        switch (kernel)
        {
            case ReductionKernel.Sum: Device.Reductions.ColumnSums(V(matrix), rows, columns, V(destination), Accumulation); break;
            case ReductionKernel.Mean: Device.Reductions.ColumnMeans(V(matrix), rows, columns, V(destination), Accumulation); break;
            default: throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Column reductions are Sum and Mean.");
        }
    }

    public override void CopyColumns(TensorStorage<THost> source, int sourceColumns, int sourceStart, TensorStorage<THost> destination, int destinationColumns, int destinationStart, int rows, int count)
        => Device.Elementwise.CopyColumns(V(source), sourceColumns, sourceStart, V(destination), destinationColumns, destinationStart, rows, count);

    public override void ArgExtremum(TensorStorage<THost> x, int outer, int length, int inner, bool maximum, TensorStorage<THost> destination)
        => Device.Indexing.ArgExtremum(V(x), outer, length, inner, maximum, V(destination));

    public override void Gather(TensorStorage<THost> source, int outer, int sourceLength, int inner, TensorStorage<THost> indices, bool shared, TensorStorage<THost> destination)
        => Device.Indexing.Gather(V(source), outer, sourceLength, inner, V(indices), shared, V(destination));

    public override void ScatterAdd(TensorStorage<THost> values, int outer, int count, int inner, TensorStorage<THost> indices, bool shared, TensorStorage<THost> destination)
        => Device.Indexing.ScatterAdd(V(values), outer, count, inner, V(indices), shared, V(destination));

    public override int IndexOfNonFinite(TensorStorage<THost> x) => Device.Scan.IndexOfNonFinite(V(x));

    public override ValueSummary Summarize(TensorStorage<THost> x) => Device.Scan.Summarize(V(x));

    /// <summary>A storage of this backend, or a clear error naming the argument.</summary>
    private GpuStorage<THost> Own(TensorStorage<THost> storage, [CallerArgumentExpression(nameof(storage))] string name = "")
    {
        ArgumentNullException.ThrowIfNull(storage, name);
        if (storage is not GpuStorage<THost> gpu || !ReferenceEquals(gpu.Owner, this))
        {
            throw new ArgumentException($"{name} was not allocated by this {Name} backend; every storage a backend computes on must come from its Allocate.", name);
        }

        return gpu;
    }

    /// <summary>The storage's elements as the device element type.</summary>
    private ArrayView<TDevice> V(TensorStorage<THost> storage, [CallerArgumentExpression(nameof(storage))] string name = "")
        => Own(storage, name).View.Cast<TDevice>();

    /// <summary>A constant reinterpreted as the device element type (same bits).</summary>
    private static TDevice D(THost value) => Unsafe.BitCast<THost, TDevice>(value);

    private static void SameLength(int hostLength, ArrayView<THost> view, string name)
    {
        if (hostLength != view.Length)
        {
            throw new ArgumentException($"{name} has {hostLength} elements; the storage holds {view.Length}.", name);
        }
    }
}
