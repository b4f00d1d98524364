namespace Kernel.Experiments.Reproductions;

/// <summary>How much of an experiment a reproduction runs.</summary>
public enum Budget
{
    /// <summary>Seconds: checks the pipeline (sweep, collect, report) only; its numbers mean nothing.</summary>
    Smoke,

    /// <summary>Fits in 45 minutes on a 2-core machine: fewer seeds or steps than the paper, stated in the report.</summary>
    Quick,

    /// <summary>The paper's seeds and budget (or this port's full setting where the paper's cannot run yet, stated).</summary>
    Paper,
}
