namespace Kernel.Experiments.Sweeps;

/// <summary>A job array the Slurm backend submitted for a sweep (kept in slurm/jobs.json).</summary>
/// <param name="JobId">Slurm's job id of the array.</param>
/// <param name="Script">The job script, kept for inspection.</param>
/// <param name="Cells">The cell indices (array task ids) it runs.</param>
/// <param name="SubmittedUtc">When it was submitted.</param>
public sealed record SlurmJob(string JobId, string Script, IReadOnlyList<int> Cells, DateTime SubmittedUtc);
