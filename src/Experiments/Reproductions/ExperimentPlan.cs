using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions;

/// <summary>What one budget of an experiment runs.</summary>
/// <param name="Sweep">The sweep (its cells are ordinary <c>kernel train</c> runs).</param>
/// <param name="Description">How the budget differs from the paper (seeds, steps, networks), for the report and <c>kernel reproduce list</c>.</param>
public sealed record ExperimentPlan(SweepSpec Sweep, string Description);
