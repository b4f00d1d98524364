using Kernel.Bench.Harness;

namespace Kernel.Bench.Workloads;

/// <summary>
/// The check fingerprint of a gradient: a matrix's row and column sums ("name rows", "name columns"), a vector in
/// full ("name"). The peers use the same keys. Thread-safety: stateless.
/// </summary>
public static class GradientSummary
{
    /// <summary>Adds the fingerprint of <paramref name="gradient"/> under <paramref name="name"/>.</summary>
    public static void Add<T>(Dictionary<string, double[]> values, string name, Tensor<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(name);
        if (gradient.Shape.Rank == 2)
        {
            values[$"{name} rows"] = CheckSummary.RowSums(gradient.Values, gradient.Rows, gradient.Columns);
            values[$"{name} columns"] = CheckSummary.ColumnSums(gradient.Values, gradient.Rows, gradient.Columns);
        }
        else
        {
            values[name] = CheckSummary.Widen(gradient.Values);
        }
    }
}
