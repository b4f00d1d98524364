using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Kernel.Bench;

/// <summary>"env steps/s" column: 1e9 / mean nanoseconds per operation (one operation is one env step).</summary>
public sealed class EnvStepsPerSecondColumn : IColumn
{
    /// <inheritdoc />
    public string Id => "EnvStepsPerSecond";

    /// <inheritdoc />
    public string ColumnName => "env steps/s";

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
    public string Legend => "env steps per second: 1e9 / mean ns per env step (a VectorEnv(64) batch step counts as 64)";

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        => summary[benchmarkCase]?.ResultStatistics is { } stats
            ? (1e9 / stats.Mean).ToString("N0", CultureInfo.InvariantCulture)
            : "NA";

    /// <summary>Benchmark config that adds the column: <c>[Config(typeof(EnvStepsPerSecondColumn.Config))]</c>.</summary>
    public sealed class Config : ManualConfig
    {
        /// <summary>Adds <see cref="EnvStepsPerSecondColumn"/>.</summary>
        public Config() => AddColumn(new EnvStepsPerSecondColumn());
    }
}
