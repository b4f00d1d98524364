using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions;

/// <summary>A finished reproduction sweep, as an experiment's report logic reads it.</summary>
/// <param name="Budget">The budget run.</param>
/// <param name="Plan">The plan run.</param>
/// <param name="Layout">The sweep's directory.</param>
/// <param name="Cells">One summary per cell, in cell order.</param>
/// <param name="FiguresDirectory">Where the report's figures go (absolute).</param>
public sealed record ExperimentData(Budget Budget, ExperimentPlan Plan, SweepLayout Layout, IReadOnlyList<CellSummary> Cells, string FiguresDirectory)
{
    /// <summary>The cells whose options include every (name, value) of <paramref name="match"/>.</summary>
    public IEnumerable<SweepCell> Where(params (string Name, string Value)[] match) =>
        Plan.Sweep.Cells.Where(cell => match.All(pair => cell.Get(pair.Name) == pair.Value));

    /// <summary>The metrics.csv of a cell.</summary>
    public RunMetrics Metrics(SweepCell cell) => RunMetrics.Read(Layout.CellDirectory(cell));

    /// <summary>The summary of a cell.</summary>
    public CellSummary Summary(SweepCell cell) => Cells[cell.Index];
}
