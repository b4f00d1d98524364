namespace Kernel.Experiments.Sweeps;

/// <summary>Resources asked of Slurm for each cell of a job array; null leaves the cluster's default.</summary>
/// <param name="Partition">sbatch --partition.</param>
/// <param name="Time">sbatch --time, e.g. 01:00:00.</param>
/// <param name="CpusPerTask">sbatch --cpus-per-task; also the cell's GEMM threads (1 when not given).</param>
/// <param name="Memory">sbatch --mem, e.g. 2G.</param>
public sealed record SlurmOptions(string? Partition = null, string? Time = null, int? CpusPerTask = null, string? Memory = null);
