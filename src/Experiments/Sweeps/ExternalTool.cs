using System.Diagnostics;

namespace Kernel.Experiments.Sweeps;

/// <summary>Runs a command-line tool (sbatch, squeue, scancel, kill) to completion and returns its output.</summary>
internal static class ExternalTool
{
    /// <summary>Exit code, standard output and standard error of <paramref name="fileName"/> run with <paramref name="arguments"/>.</summary>
    /// <exception cref="InvalidOperationException">The tool is not installed.</exception>
    public static (int ExitCode, string Output, string Error) Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            string hint = fileName.StartsWith('s') ? "; Slurm's client commands are needed (Debian: apt-get install slurm-client)" : string.Empty;
            throw new InvalidOperationException($"{fileName} cannot be run ({e.Message}){hint}.", e);
        }

        using (process)
        {
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
    }
}
