using System.Diagnostics;

namespace Kernel.Experiments.Tests.Sweeps;

/// <summary>
/// The one-node Slurm of scripts/slurm-local for the Slurm tests: started if it is not running (and stopped again
/// afterwards only then), or the reason it cannot start. Sets SLURM_CONF for this process and its children.
/// </summary>
public sealed class LocalSlurmCluster : IDisposable
{
    private readonly string script = Path.Combine(TestKernel.RepositoryRoot, "scripts", "slurm-local");
    private readonly bool startedHere;

    public LocalSlurmCluster()
    {
        (int statusCode, string status) = Run("status");
        bool running = statusCode == 0 && status.Contains("slurmctld: running", StringComparison.Ordinal) && status.Contains("slurmd: running", StringComparison.Ordinal);
        (int code, string output) = Run("start");
        string? export = output.Split('\n').FirstOrDefault(line => line.StartsWith("export SLURM_CONF=", StringComparison.Ordinal));
        if (code != 0 || export is null)
        {
            SkipReason = $"scripts/slurm-local start could not start the cluster: {output.Trim()}";
            return;
        }

        Environment.SetEnvironmentVariable("SLURM_CONF", export["export SLURM_CONF=".Length..].Trim());
        startedHere = !running;
    }

    /// <summary>Why the Slurm tests are skipped, or null when the cluster runs.</summary>
    public string? SkipReason { get; }

    public void Dispose()
    {
        if (startedHere)
        {
            Run("stop");
        }
    }

    private (int Code, string Output) Run(string verb)
    {
        if (!File.Exists(script))
        {
            return (1, $"{script} is missing");
        }

        var info = new ProcessStartInfo(script, verb) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
