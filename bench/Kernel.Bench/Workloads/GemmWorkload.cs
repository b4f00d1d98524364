using Kernel.Bench.Harness;
using Kernel.Kernels;
using Kernel.Kernels.Cpu;

namespace Kernel.Bench.Workloads;

/// <summary>
/// C = op(A) op(B) (alpha 1, beta 0) with <see cref="Gemm"/> into a preallocated C, A from fixed stream 1 and B from
/// stream 2. Check: row and column sums of C. Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class GemmWorkload<T> : IWorkload
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly GemmShape shape;
    private readonly GemmOptions options;
    private readonly T[] a;
    private readonly T[] b;
    private readonly T[] c;

    /// <summary>Allocates and fills the operands.</summary>
    /// <param name="shape">The product.</param>
    /// <param name="threads">GemmOptions.MaxThreads, at least 1.</param>
    public GemmWorkload(GemmShape shape, int threads)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        this.shape = shape;
        options = new GemmOptions(MaxThreads: threads);
        a = FixedInputs.Values<T>(shape.ALength, 1);
        b = FixedInputs.Values<T>(shape.BLength, 2);
        c = new T[shape.M * shape.N];
    }

    /// <inheritdoc />
    public void Activate()
    {
    }

    /// <inheritdoc />
    public void Run() => Gemm.Multiply(
        shape.TransposeA ? Transpose.Transposed : Transpose.None,
        shape.TransposeB ? Transpose.Transposed : Transpose.None,
        shape.M, shape.N, shape.K, T.One, a, b, T.Zero, c, options);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        Run();
        return new Dictionary<string, double[]>
        {
            ["c_row_sums"] = CheckSummary.RowSums<T>(c, shape.M, shape.N),
            ["c_column_sums"] = CheckSummary.ColumnSums<T>(c, shape.M, shape.N),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
