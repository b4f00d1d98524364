namespace Kernel.Experiments.Sweeps;

/// <summary>
/// One row of a sweep's tidy table: the cell's axis values and what its run came to.
/// </summary>
/// <param name="Id">The cell id.</param>
/// <param name="Values">The cell's axis values (and an include entry's extra options), in axis order.</param>
/// <param name="State">The cell's state.</param>
/// <param name="ExitCode">The last child's exit code (null if none exited).</param>
/// <param name="Updates">Updates written to metrics.csv.</param>
/// <param name="Steps">The last update's environment step (0 without updates).</param>
/// <param name="FinalReturn">Mean of the finite return_mean values of the last <see cref="SweepCollector.FinalUpdates"/> updates (NaN if none).</param>
/// <param name="BestReturn">Largest finite return_mean (NaN if none).</param>
/// <param name="Exploded">Whether an update is marked exploded.</param>
/// <param name="ExplodedUpdate">The first exploded update's number, or null.</param>
/// <param name="ExplodedAt">What became non-finite first (the exploded_at column), or null.</param>
/// <param name="RatioLog10Max">Largest finite ratio_log10_max over the updates (NaN if none).</param>
/// <param name="KlMax">Largest finite kl_max over the updates (NaN if none).</param>
/// <param name="WallSeconds">Seconds the cell's children ran.</param>
public sealed record CellSummary(
    string Id,
    IReadOnlyList<KeyValuePair<string, string>> Values,
    CellState State,
    int? ExitCode,
    int Updates,
    double Steps,
    double FinalReturn,
    double BestReturn,
    bool Exploded,
    int? ExplodedUpdate,
    string? ExplodedAt,
    double RatioLog10Max,
    double KlMax,
    double WallSeconds)
{
    /// <summary>The value of axis <paramref name="name"/>, or null.</summary>
    public string? Get(string name) => Values.FirstOrDefault(pair => pair.Key == name).Value;
}
