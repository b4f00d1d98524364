using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions;

/// <summary>
/// A registered experiment of a seed paper (DESIGN "Sweeps and reproductions"): which figure or table it
/// reproduces, the sweep each budget runs, how long a cell takes here, and the report logic that puts the paper's
/// numbers beside ours with a verdict per claim. Adding a reproduction is one class implementing this plus one line
/// in <see cref="ExperimentRegistry"/>.
/// </summary>
public interface IExperiment
{
    /// <summary>Stable id used on the command line, e.g. <c>001-trust-regions</c>.</summary>
    string Id { get; }

    /// <summary>The seed paper's number, e.g. <c>001</c>.</summary>
    string Paper { get; }

    /// <summary>The figure, table or section reproduced.</summary>
    string Target { get; }

    /// <summary>What the paper claims there, in a sentence.</summary>
    string Claim { get; }

    /// <summary>The sweep for <paramref name="budget"/>.</summary>
    ExperimentPlan Plan(Budget budget);

    /// <summary>Estimated seconds one cell takes on this machine with one GEMM thread (from measured throughput).</summary>
    double EstimateSeconds(SweepCell cell);

    /// <summary>Checks the claims on the finished sweep and draws the figures (into <see cref="ExperimentData.FiguresDirectory"/>).</summary>
    ExperimentReport Report(ExperimentData data);
}
