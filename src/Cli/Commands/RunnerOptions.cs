using System.CommandLine;
using Kernel.Experiments.Sweeps;

namespace Kernel.Cli.Commands;

/// <summary>
/// Where the cells of a sweep run, as <c>kernel sweep run</c> and <c>kernel reproduce</c> both take it: --on local
/// (--jobs cells at a time) or slurm (--partition, --time, --cpus-per-task, --mem). Declared and checked here once.
/// </summary>
internal sealed class RunnerOptions
{
    private readonly Option<string> on = new("--on") { Description = "local (default) or slurm.", DefaultValueFactory = _ => "local" };
    private readonly Option<int?> jobs = new("--jobs") { Description = "Cells run at a time locally. Default: the core count." };
    private readonly Option<string?> partition = new("--partition") { Description = "Slurm partition." };
    private readonly Option<string?> time = new("--time") { Description = "Slurm time limit per cell, e.g. 01:00:00." };
    private readonly Option<int?> cpus = new("--cpus-per-task") { Description = "Slurm CPUs per cell (also its GEMM threads)." };
    private readonly Option<string?> memory = new("--mem") { Description = "Slurm memory per cell, e.g. 2G." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[on, jobs, partition, time, cpus, memory])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The choice in <paramref name="result"/>: where, how many local jobs, and the Slurm settings.</summary>
    /// <exception cref="ArgumentException">--on is neither local nor slurm, or --jobs or --cpus-per-task is below 1 (the message names it).</exception>
    public (string Where, int Jobs, SlurmOptions Slurm) Read(ParseResult result)
    {
        string where = result.GetValue(on)!;
        if (where is not ("local" or "slurm"))
        {
            throw new ArgumentException($"on = {where}: must be local or slurm.", "on");
        }

        int jobCount = result.GetValue(jobs) ?? Environment.ProcessorCount;
        if (jobCount < 1)
        {
            throw new ArgumentException($"jobs = {jobCount}: must be at least 1.", "jobs");
        }

        var slurm = new SlurmOptions(result.GetValue(partition), result.GetValue(time), result.GetValue(cpus), result.GetValue(memory));
        if (slurm.CpusPerTask is < 1)
        {
            throw new ArgumentException($"cpus-per-task = {slurm.CpusPerTask}: must be at least 1.", "cpus-per-task");
        }

        return (where, jobCount, slurm);
    }
}
