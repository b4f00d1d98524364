namespace Kernel.Experiments.Sweeps;

/// <summary>A snapshot of a running sweep for a progress display.</summary>
/// <param name="Total">Cells in the sweep.</param>
/// <param name="Finished">Cells trained to the end.</param>
/// <param name="Exploded">Cells that exploded (a result).</param>
/// <param name="Failed">Cells whose child failed in this run.</param>
/// <param name="Running">Cells with a child running now.</param>
/// <param name="Elapsed">Time since this run started.</param>
/// <param name="Eta">Time left, estimated from the wall time of the cells finished in this run; null before the first.</param>
/// <param name="LastEvent">What just happened, e.g. "algo=ppo_seed=1 finished in 12.3 s".</param>
public sealed record SweepProgress(int Total, int Finished, int Exploded, int Failed, int Running, TimeSpan Elapsed, TimeSpan? Eta, string LastEvent)
{
    /// <summary>Cells finished or exploded.</summary>
    public int Done => Finished + Exploded;
}
