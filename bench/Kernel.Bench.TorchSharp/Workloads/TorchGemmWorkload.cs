using Kernel.Bench.Harness;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>
/// C = op(A) op(B) into a preallocated C with <c>addmm_</c> (beta 0: C is only written), transposed operands as
/// transposed views, on the fixed streams 1 (A) and 2 (B). Thread-safety: one thread at a time.
/// </summary>
public sealed class TorchGemmWorkload : IWorkload
{
    private readonly int threads;
    private readonly Tensor storedA;
    private readonly Tensor storedB;
    private readonly Tensor a;
    private readonly Tensor b;
    private readonly Tensor c;

    /// <summary>Allocates and fills the operands.</summary>
    public TorchGemmWorkload(bool transposeA, bool transposeB, int m, int n, int k, ScalarType dtype, int threads)
    {
        this.threads = threads;
        storedA = TorchTensors.Fixed(transposeA ? [k, m] : [m, k], 1, dtype);
        storedB = TorchTensors.Fixed(transposeB ? [n, k] : [k, n], 2, dtype);
        a = transposeA ? storedA.t() : storedA.alias();
        b = transposeB ? storedB.t() : storedB.alias();
        c = empty([m, n], dtype);
    }

    /// <inheritdoc />
    public void Activate() => set_num_threads(threads);

    /// <inheritdoc />
    public void Run() => c.addmm_(a, b, beta: 0, alpha: 1);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        Run();
        double[] all = TorchTensors.ToDoubles(c);
        int rows = (int)c.shape[0];
        int columns = (int)c.shape[1];
        return new Dictionary<string, double[]>
        {
            ["c_row_sums"] = CheckSummary.RowSums<double>(all, rows, columns),
            ["c_column_sums"] = CheckSummary.ColumnSums<double>(all, rows, columns),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
        c.Dispose();
        storedA.Dispose();
        storedB.Dispose();
    }
}
