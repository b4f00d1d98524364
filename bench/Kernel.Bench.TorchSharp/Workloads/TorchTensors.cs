using Kernel.Bench.Harness;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>Fixed-input tensors, precision names and fp64 read-back for the TorchSharp workloads. Thread-safety: stateless.</summary>
public static class TorchTensors
{
    /// <summary>The TorchSharp dtype of "fp32" or "fp64".</summary>
    public static ScalarType DtypeOf(string precision) => precision switch
    {
        "fp32" => ScalarType.Float32,
        "fp64" => ScalarType.Float64,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "precision must be fp32 or fp64."),
    };

    /// <summary>A tensor of <paramref name="shape"/> filled row-major from a <see cref="FixedInputs"/> stream, rounded once to <paramref name="dtype"/>.</summary>
    public static Tensor Fixed(long[] shape, int stream, ScalarType dtype, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = shape.Aggregate(1L, (product, size) => product * size);
        using Tensor doubles = tensor(FixedInputs.Doubles(checked((int)count), stream, scale), shape, ScalarType.Float64);
        return doubles.to(dtype);
    }

    /// <summary>All elements, row-major, widened to fp64.</summary>
    public static double[] ToDoubles(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using Tensor wide = values.detach().to(ScalarType.Float64).contiguous();
        return wide.data<double>().ToArray();
    }

    /// <summary>The check fingerprint of a gradient, as bench/Kernel.Bench's GradientSummary: a matrix's row and column sums, a vector in full.</summary>
    public static void AddGradient(Dictionary<string, double[]> values, string name, Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.dim() == 2)
        {
            double[] all = ToDoubles(gradient);
            int rows = (int)gradient.shape[0];
            int columns = (int)gradient.shape[1];
            values[$"{name} rows"] = CheckSummary.RowSums<double>(all, rows, columns);
            values[$"{name} columns"] = CheckSummary.ColumnSums<double>(all, rows, columns);
        }
        else
        {
            values[name] = ToDoubles(gradient);
        }
    }
}
