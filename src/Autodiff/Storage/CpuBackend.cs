using Kernel.Kernels;
using Kernel.Kernels.Cpu;

namespace Kernel.Autodiff.Storage;

/// <summary>
/// The host backend: our SIMD kernels over managed arrays. Stateless apart from its settings, so one
/// instance may serve tapes on several threads.
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
public sealed class CpuBackend<T> : ComputeBackend<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly GemmOptions gemmOptions;

    /// <summary>Creates a host backend.</summary>
    /// <param name="accumulation">How fp16 reductions and GEMM accumulate (ignored for fp32/fp64).</param>
    /// <param name="maxThreads">GEMM threads: 0 decides by work size, 1 keeps everything on the caller's thread.</param>
    public CpuBackend(Accumulation accumulation = Accumulation.Widened, int maxThreads = 0)
    {
        if (maxThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "maxThreads must be 0 (automatic) or a positive thread count.");
        }

        Accumulation = accumulation;
        gemmOptions = new GemmOptions(accumulation, maxThreads);
    }

    /// <inheritdoc />
    public override Accumulation Accumulation { get; }

    /// <inheritdoc />
    public override string Name => "cpu";

    /// <inheritdoc />
    public override TensorStorage<T> Allocate(int capacity) => new CpuStorage<T>(capacity);

    /// <inheritdoc />
    public override void Upload(ReadOnlySpan<T> source, TensorStorage<T> destination) => source.CopyTo(S(destination));

    /// <inheritdoc />
    public override void Download(TensorStorage<T> source, Span<T> destination) => S(source).CopyTo(destination);

    /// <inheritdoc />
    public override Span<T> HostSpan(TensorStorage<T> storage) => S(storage);

    /// <inheritdoc />
    public override ReadOnlySpan<T> HostValues(TensorStorage<T> storage) => S(storage);

    /// <inheritdoc />
    public override void Copy(TensorStorage<T> source, TensorStorage<T> destination) => S(source).CopyTo(S(destination));

    /// <inheritdoc />
    public override void Fill(TensorStorage<T> destination, T value) => S(destination).Fill(value);

    /// <inheritdoc />
    public override void Unary(UnaryKernel kernel, TensorStorage<T> x, TensorStorage<T> destination)
    {
        ReadOnlySpan<T> source = S(x);
        Span<T> target = S(destination);
        switch (kernel)
        {
            case UnaryKernel.Negate: Elementwise.Negate(source, target); break;
            case UnaryKernel.Exp: Elementwise.Exp(source, target); break;
            case UnaryKernel.Log: Elementwise.Log(source, target); break;
            case UnaryKernel.Tanh: Elementwise.Tanh(source, target); break;
            case UnaryKernel.Sigmoid: Elementwise.Sigmoid(source, target); break;
            case UnaryKernel.Softplus: Elementwise.Softplus(source, target); break;
            case UnaryKernel.Relu: Elementwise.Relu(source, target); break;
            case UnaryKernel.Silu: Elementwise.Silu(source, target); break;
            case UnaryKernel.Square: Elementwise.Square(source, target); break;
            case UnaryKernel.Sqrt: Elementwise.Sqrt(source, target); break;
            default: throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown unary kernel.");
        }
    }

    /// <inheritdoc />
    public override void Binary(BinaryKernel kernel, TensorStorage<T> x, TensorStorage<T> y, TensorStorage<T> destination)
    {
        ReadOnlySpan<T> first = S(x);
        ReadOnlySpan<T> second = S(y);
        Span<T> target = S(destination);
        switch (kernel)
        {
            case BinaryKernel.Add: Elementwise.Add(first, second, target); break;
            case BinaryKernel.Subtract: Elementwise.Subtract(first, second, target); break;
            case BinaryKernel.Multiply: Elementwise.Multiply(first, second, target); break;
            case BinaryKernel.Divide: Elementwise.Divide(first, second, target); break;
            case BinaryKernel.Min: Elementwise.Min(first, second, target); break;
            case BinaryKernel.Max: Elementwise.Max(first, second, target); break;
            case BinaryKernel.TanhBackward: Elementwise.TanhBackward(first, second, target); break;
            case BinaryKernel.SigmoidBackward: Elementwise.SigmoidBackward(first, second, target); break;
            case BinaryKernel.ReluBackward: Elementwise.ReluBackward(first, second, target); break;
            case BinaryKernel.SiluBackward: Elementwise.SiluBackward(first, second, target); break;
            case BinaryKernel.GreaterMask: Elementwise.GreaterMask(first, second, target); break;
            case BinaryKernel.EqualMask: Elementwise.EqualMask(first, second, target); break;
            default: throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown binary kernel.");
        }
    }

    /// <inheritdoc />
    public override void Scalar(ScalarKernel kernel, TensorStorage<T> x, T s, TensorStorage<T> destination)
    {
        switch (kernel)
        {
            case ScalarKernel.Add: Elementwise.AddScalar(S(x), s, S(destination)); break;
            case ScalarKernel.Multiply: Elementwise.MultiplyScalar(S(x), s, S(destination)); break;
            case ScalarKernel.Power: Elementwise.PowScalar(S(x), s, S(destination)); break;
            default: throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown scalar kernel.");
        }
    }

    /// <inheritdoc />
    public override void FusedMultiplyAdd(TensorStorage<T> x, TensorStorage<T> y, TensorStorage<T> addend, TensorStorage<T> destination)
        => Elementwise.FusedMultiplyAdd(S(x), S(y), S(addend), S(destination));

    /// <inheritdoc />
    public override void Clamp(TensorStorage<T> x, T min, T max, TensorStorage<T> destination)
        => Elementwise.Clamp(S(x), min, max, S(destination));

    /// <inheritdoc />
    public override void InRangeMask(TensorStorage<T> x, T min, T max, TensorStorage<T> destination)
        => Elementwise.InRangeMask(S(x), min, max, S(destination));

    /// <inheritdoc />
    public override void Select(TensorStorage<T> condition, TensorStorage<T> whenTrue, TensorStorage<T> whenFalse, TensorStorage<T> destination)
        => Elementwise.Select(S(condition), S(whenTrue), S(whenFalse), S(destination));


    /// <inheritdoc />
    public override void Gemm(Transpose transposeA, Transpose transposeB, int m, int n, int k, T alpha, TensorStorage<T> a, TensorStorage<T> b, T beta, TensorStorage<T> c)
        => Kernels.Cpu.Gemm.Multiply(transposeA, transposeB, m, n, k, alpha, S(a), S(b), beta, S(c), gemmOptions);

    /// <inheritdoc />
    public override void Row(RowKernel kernel, TensorStorage<T> matrix, int rows, int columns, TensorStorage<T> row, TensorStorage<T> destination)
    {
        if (kernel == RowKernel.Add)
        {
            Broadcast.AddRow(S(matrix), rows, columns, S(row), S(destination));
        }
        else
        {
            Broadcast.MultiplyRow(S(matrix), rows, columns, S(row), S(destination));
        }
    }

    /// <inheritdoc />
    public override void BroadcastRow(TensorStorage<T> row, int rows, TensorStorage<T> destination)
        => Broadcast.BroadcastRow(S(row), rows, S(destination));

    /// <inheritdoc />
    public override void BroadcastColumn(TensorStorage<T> column, int columns, TensorStorage<T> destination)
        => Broadcast.BroadcastColumn(S(column), columns, S(destination));

    /// <inheritdoc />
    public override void BroadcastScalar(TensorStorage<T> scalar, TensorStorage<T> destination)
        => S(destination).Fill(S(scalar)[0]);

    /// <inheritdoc />
    public override void Reduce(ReductionKernel kernel, TensorStorage<T> x, TensorStorage<T> destination)
    {
        ReadOnlySpan<T> source = S(x);
        S(destination)[0] = kernel switch
        {
            ReductionKernel.Sum => Reductions.Sum(source, Accumulation),
            ReductionKernel.Mean => Reductions.Mean(source, Accumulation),
            ReductionKernel.Max => Reductions.Max(source),
            ReductionKernel.Min => Reductions.Min(source),
            ReductionKernel.SumOfSquares => Reductions.SumOfSquares(source, Accumulation),
            ReductionKernel.LogSumExp => Reductions.LogSumExp(source, Accumulation),
            _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown reduction."),
        };
    }

    /// <inheritdoc />
    public override void Dot(TensorStorage<T> x, TensorStorage<T> y, TensorStorage<T> destination)
        => S(destination)[0] = Reductions.Dot(S(x), S(y), Accumulation);

    /// <inheritdoc />
    public override void ReduceRows(ReductionKernel kernel, TensorStorage<T> matrix, int rows, int columns, TensorStorage<T> destination)
    {
        switch (kernel)
        {
            case ReductionKernel.Sum: Reductions.RowSums(S(matrix), rows, columns, S(destination), Accumulation); break;
            case ReductionKernel.Mean: Reductions.RowMeans(S(matrix), rows, columns, S(destination), Accumulation); break;
            case ReductionKernel.LogSumExp: Reductions.RowLogSumExp(S(matrix), rows, columns, S(destination), Accumulation); break;
            default: throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Row reductions are Sum, Mean and LogSumExp.");
        }
    }

    /// <inheritdoc />
    public override void ReduceColumns(ReductionKernel kernel, TensorStorage<T> matrix, int rows, int columns, TensorStorage<T> destination)
    {
        switch (kernel)
        {
            case ReductionKernel.Sum: Reductions.ColumnSums(S(matrix), rows, columns, S(destination), Accumulation); break;
            case ReductionKernel.Mean: Reductions.ColumnMeans(S(matrix), rows, columns, S(destination), Accumulation); break;
            default: throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Column reductions are Sum and Mean.");
        }
    }

    /// <inheritdoc />
    public override void CopyColumns(TensorStorage<T> source, int sourceColumns, int sourceStart, TensorStorage<T> destination, int destinationColumns, int destinationStart, int rows, int count)
    {
        Span<T> from = S(source);
        Span<T> to = S(destination);
        for (int row = 0; row < rows; row++)
        {
            from.Slice((row * sourceColumns) + sourceStart, count).CopyTo(to.Slice((row * destinationColumns) + destinationStart, count));
        }
    }

    /// <inheritdoc />
    public override void ArgExtremum(TensorStorage<T> x, int outer, int length, int inner, bool maximum, TensorStorage<T> destination)
        => Indexing.ArgExtremum<T>(S(x), outer, length, inner, maximum, S(destination));

    /// <inheritdoc />
    public override void Gather(TensorStorage<T> source, int outer, int sourceLength, int inner, TensorStorage<T> indices, bool shared, TensorStorage<T> destination)
        => Indexing.Gather<T>(S(source), outer, sourceLength, inner, S(indices), shared, S(destination));

    /// <inheritdoc />
    public override void ScatterAdd(TensorStorage<T> values, int outer, int count, int inner, TensorStorage<T> indices, bool shared, TensorStorage<T> destination)
        => Indexing.ScatterAdd<T>(S(values), outer, count, inner, S(indices), shared, S(destination));

    /// <inheritdoc />
    public override int IndexOfNonFinite(TensorStorage<T> x) => Scan.IndexOfNonFinite<T>(S(x));

    /// <inheritdoc />
    public override ValueSummary Summarize(TensorStorage<T> x) => Scan.Summarize<T>(S(x));

    private static Span<T> S(TensorStorage<T> storage) => ((CpuStorage<T>)storage).Span;
}
