using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Kernel.Bench.Workloads;

namespace Kernel.Bench;

/// <summary>
/// "GB/s" column of <see cref="TanhBenchmarks{T}"/>: <see cref="TanhWorkload{T}.ArraysMoved"/> arrays of
/// <see cref="TanhWorkload{T}.Length"/> elements of the benchmark's type argument, over the mean time.
/// </summary>
public sealed class GigabytesPerSecondColumn : IColumn
{
    /// <inheritdoc />
    public string Id => "GBPerSecond";

    /// <inheritdoc />
    public string ColumnName => "GB/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "minimum bytes moved (x, y, y, upstream gradient, dx) / mean time, in 1e9 per second";

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } stats)
        {
            return "NA";
        }

        Type[] arguments = benchmarkCase.Descriptor.Type.GetGenericArguments();
        int size = arguments.Length == 1 && arguments[0] == typeof(double) ? sizeof(double) : sizeof(float);
        double bytes = (double)TanhWorkload<float>.ArraysMoved * TanhWorkload<float>.Length * size;
        return (bytes / stats.Mean).ToString("F1", CultureInfo.InvariantCulture); // Mean is in ns: bytes/ns = GB/s.
    }

    /// <summary>Benchmark config that adds the column: <c>[Config(typeof(GigabytesPerSecondColumn.Config))]</c>.</summary>
    public sealed class Config : ManualConfig
    {
        /// <summary>Adds <see cref="GigabytesPerSecondColumn"/>.</summary>
        public Config() => AddColumn(new GigabytesPerSecondColumn());
    }
}
