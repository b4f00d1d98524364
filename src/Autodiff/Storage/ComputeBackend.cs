using Kernel.Kernels;

namespace Kernel.Autodiff.Storage;

/// <summary>
/// The primitive kernels the tape's ops are written in. A backend owns its storages; every storage
/// argument must come from <see cref="Allocate"/> of the same backend. Destinations may alias inputs
/// for elementwise kernels. Lengths are the storages' <see cref="TensorStorage{T}.Length"/>.
/// <para>
/// Storages live where the backend computes: host arrays (<see cref="CpuBackend{T}"/>) or device memory
/// (<c>Kernel.Autodiff.Gpu.GpuBackend</c>, a separate package plugged in through <see cref="Backends"/>). Only
/// <see cref="Upload"/>, <see cref="Download"/> and <see cref="HostValues"/> move elements between host and device; the kernels never do, and the scans for the numerics monitor
/// (<see cref="IndexOfNonFinite"/>, <see cref="Summarize"/>) return only their small result.
/// </para>
/// <para>
/// Lifetime: <see cref="Dispose()"/> releases what the backend holds (a device it opened, and with it every device
/// storage); host backends hold nothing. Thread-safety: <see cref="CpuBackend{T}"/> is stateless apart from settings and
/// may be shared by tapes on different threads; a device backend queues work on its device's stream and belongs to one
/// thread at a time.
/// </para>
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
public abstract class ComputeBackend<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>A short name for reports: "cpu", "ilgpu-cpu" or "cuda".</summary>
    public abstract string Name { get; }

    /// <summary>How fp16 reductions and GEMM accumulate (fp32 and fp64 ignore it).</summary>
    public abstract Accumulation Accumulation { get; }

    /// <summary>Releases what the backend holds; storages it allocated must not be used afterwards.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A new zeroed storage of <paramref name="capacity"/> elements.</summary>
    public abstract TensorStorage<T> Allocate(int capacity);

    /// <summary>Copies host values into <paramref name="destination"/> (lengths must match).</summary>
    public abstract void Upload(ReadOnlySpan<T> source, TensorStorage<T> destination);

    /// <summary>Copies the storage's values to the host.</summary>
    public abstract void Download(TensorStorage<T> source, Span<T> destination);

    /// <summary>Direct host access, or an empty span when the storage is not host memory.</summary>
    public abstract Span<T> HostSpan(TensorStorage<T> storage);

    /// <summary>
    /// The values readable on the host: the storage itself for host memory; for device memory a download into a host
    /// mirror the storage keeps, a snapshot valid until the storage is read this way again.
    /// </summary>
    public abstract ReadOnlySpan<T> HostValues(TensorStorage<T> storage);

    /// <summary>Copies all of <paramref name="source"/> into <paramref name="destination"/> (same length).</summary>
    public abstract void Copy(TensorStorage<T> source, TensorStorage<T> destination);

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public abstract void Fill(TensorStorage<T> destination, T value);

    /// <summary>destination = kernel(x).</summary>
    public abstract void Unary(UnaryKernel kernel, TensorStorage<T> x, TensorStorage<T> destination);

    /// <summary>destination = kernel(x, y).</summary>
    public abstract void Binary(BinaryKernel kernel, TensorStorage<T> x, TensorStorage<T> y, TensorStorage<T> destination);

    /// <summary>destination = kernel(x, s).</summary>
    public abstract void Scalar(ScalarKernel kernel, TensorStorage<T> x, T s, TensorStorage<T> destination);

    /// <summary>destination = x * y + addend.</summary>
    public abstract void FusedMultiplyAdd(TensorStorage<T> x, TensorStorage<T> y, TensorStorage<T> addend, TensorStorage<T> destination);

    /// <summary>destination = clamp(x, min, max).</summary>
    public abstract void Clamp(TensorStorage<T> x, T min, T max, TensorStorage<T> destination);

    /// <summary>destination = 1 where min &lt;= x &lt;= max, else 0.</summary>
    public abstract void InRangeMask(TensorStorage<T> x, T min, T max, TensorStorage<T> destination);

    /// <summary>destination = condition != 0 ? whenTrue : whenFalse.</summary>
    public abstract void Select(TensorStorage<T> condition, TensorStorage<T> whenTrue, TensorStorage<T> whenFalse, TensorStorage<T> destination);


    /// <summary>C = alpha * op(A) * op(B) + beta * C, row-major, tight leading dimensions.</summary>
    public abstract void Gemm(Transpose transposeA, Transpose transposeB, int m, int n, int k, T alpha, TensorStorage<T> a, TensorStorage<T> b, T beta, TensorStorage<T> c);

    /// <summary>destination (rows x columns) = matrix combined with <paramref name="row"/> on every row.</summary>
    public abstract void Row(RowKernel kernel, TensorStorage<T> matrix, int rows, int columns, TensorStorage<T> row, TensorStorage<T> destination);

    /// <summary>destination (rows x row.Length) = <paramref name="row"/> repeated.</summary>
    public abstract void BroadcastRow(TensorStorage<T> row, int rows, TensorStorage<T> destination);

    /// <summary>destination (column.Length x columns) = <paramref name="column"/> repeated across columns.</summary>
    public abstract void BroadcastColumn(TensorStorage<T> column, int columns, TensorStorage<T> destination);

    /// <summary>Every element of destination = the single element of <paramref name="scalar"/>.</summary>
    public abstract void BroadcastScalar(TensorStorage<T> scalar, TensorStorage<T> destination);

    /// <summary>The single element of destination = the reduction of all of <paramref name="x"/>.</summary>
    public abstract void Reduce(ReductionKernel kernel, TensorStorage<T> x, TensorStorage<T> destination);

    /// <summary>The single element of destination = x . y.</summary>
    public abstract void Dot(TensorStorage<T> x, TensorStorage<T> y, TensorStorage<T> destination);

    /// <summary>destination[i] = reduction of row i (Sum, Mean or LogSumExp).</summary>
    public abstract void ReduceRows(ReductionKernel kernel, TensorStorage<T> matrix, int rows, int columns, TensorStorage<T> destination);

    /// <summary>destination[j] = reduction over the rows of column j, rows added in order (Sum or Mean).</summary>
    public abstract void ReduceColumns(ReductionKernel kernel, TensorStorage<T> matrix, int rows, int columns, TensorStorage<T> destination);

    /// <summary>
    /// Copies a block of columns: for every row r, destination[r, destinationStart + j] = source[r, sourceStart + j]
    /// for j in [0, count).
    /// </summary>
    public abstract void CopyColumns(TensorStorage<T> source, int sourceColumns, int sourceStart, TensorStorage<T> destination, int destinationColumns, int destinationStart, int rows, int count);

    /// <summary>
    /// destination[o, i] = the position of the largest (<paramref name="maximum"/>) or smallest x[o, k, i] along an axis
    /// of x seen as outer x length x inner: the first on ties, the first NaN if any; positions are stored as integer-valued T.
    /// </summary>
    public abstract void ArgExtremum(TensorStorage<T> x, int outer, int length, int inner, bool maximum, TensorStorage<T> destination);

    /// <summary>
    /// destination[o, j, i] = source[o, index, i] along an axis of source seen as outer x sourceLength x inner, with
    /// index = indices[j] (<paramref name="shared"/>) or indices[o, j, i]; an invalid index gives NaN.
    /// </summary>
    public abstract void Gather(TensorStorage<T> source, int outer, int sourceLength, int inner, TensorStorage<T> indices, bool shared, TensorStorage<T> destination);

    /// <summary>The adjoint of <see cref="Gather"/>: destination[o, k, i] = the sum of values[o, j, i] whose index is k.</summary>
    public abstract void ScatterAdd(TensorStorage<T> values, int outer, int count, int inner, TensorStorage<T> indices, bool shared, TensorStorage<T> destination);

    /// <summary>The first index holding NaN or an infinity, or -1.</summary>
    public abstract int IndexOfNonFinite(TensorStorage<T> x);

    /// <summary>Range and special-value counts of the elements.</summary>
    public abstract Kernel.Kernels.Cpu.ValueSummary Summarize(TensorStorage<T> x);

    /// <summary>Releases what the backend holds (nothing for host backends).</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>, false from a finalizer.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
