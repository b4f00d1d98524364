namespace Kernel.Bench.Harness;

/// <summary>
/// A workload a contender serves: its key, how to build it, and the work one <see cref="IWorkload.Run"/> does, for
/// the rate columns (GFLOP/s, GB/s, env steps/s). Immutable.
/// </summary>
/// <param name="Key">The name, precision and thread count, identical across contenders.</param>
/// <param name="Create">Builds a fresh workload with the fixed inputs.</param>
/// <param name="OperationsPerRun">Operations one run counts as (64 for a VectorEnv(64) step, whose time is reported per env step).</param>
/// <param name="Flops">Floating-point operations per operation (0 when not meaningful).</param>
/// <param name="Bytes">Minimum bytes moved to and from memory per operation (0 when not meaningful).</param>
public sealed record WorkloadDefinition(WorkloadKey Key, Func<IWorkload> Create, double OperationsPerRun = 1, double Flops = 0, double Bytes = 0)
{
    /// <summary>Builds a fresh workload.</summary>
    public Func<IWorkload> Create { get; init; } = Create ?? throw new ArgumentNullException(nameof(Create));

    /// <summary>Operations one run counts as; at least 1.</summary>
    public double OperationsPerRun { get; init; } = OperationsPerRun >= 1
        ? OperationsPerRun
        : throw new ArgumentOutOfRangeException(nameof(OperationsPerRun), OperationsPerRun, "a run counts as at least one operation.");
}
