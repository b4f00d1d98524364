using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Kernel.Bench.Harness;

namespace Kernel.Bench;

/// <summary>
/// "GFLOP/s" column for GEMM benchmarks: 2 m n k / mean time, with the shape read from the benchmark's <c>Shape</c>
/// parameter (a <see cref="GemmShape"/>).
/// </summary>
public sealed class GflopsColumn : IColumn
{
    /// <inheritdoc />
    public string Id => "GFLOPS";

    /// <inheritdoc />
    public string ColumnName => "GFLOP/s";

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
    public string Legend => "2 m n k floating-point operations / mean time, in 1e9 per second";

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

        if (benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Shape")?.Value is not GemmShape shape)
        {
            return "NA";
        }

        return (shape.Flops / stats.Mean).ToString("F1", CultureInfo.InvariantCulture); // Mean is in ns: flop/ns = GFLOP/s.
    }

    /// <summary>Benchmark config that adds the column: <c>[Config(typeof(GflopsColumn.Config))]</c>.</summary>
    public sealed class Config : ManualConfig
    {
        /// <summary>Adds <see cref="GflopsColumn"/>.</summary>
        public Config() => AddColumn(new GflopsColumn());
    }
}
