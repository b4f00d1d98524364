namespace Kernel.Bench.Harness;

/// <summary>
/// Names one measured case the same way in every contender: the workload's name (e.g. "gemm 1024^3"), its precision
/// ("fp32" or "fp64") and the number of threads it may use. An immutable value.
/// </summary>
/// <param name="Name">The workload's name, identical across contenders.</param>
/// <param name="Precision">"fp32" or "fp64".</param>
/// <param name="Threads">The thread limit (1 or more).</param>
public readonly record struct WorkloadKey(string Name, string Precision, int Threads)
{
    /// <summary>"name [fp32, 1 thread]".</summary>
    public override string ToString() => $"{Name} [{Precision}, {Threads} thread{(Threads == 1 ? "" : "s")}]";
}
