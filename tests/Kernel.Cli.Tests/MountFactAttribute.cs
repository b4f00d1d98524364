using System.Diagnostics;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary>A fact that mounts a tmpfs (needs root and mount rights); where a probe mount fails it is skipped with the reason.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> SkipReason = new(Probe);

    public MountFactAttribute()
    {
        if (SkipReason.Value is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>Runs a command; returns its exit code and standard error (-1 if it cannot be started).</summary>
    public static (int Code, string Error) Command(string file, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            string error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error.Trim());
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, exception.Message);
        }
    }

    private static string? Probe()
    {
        string directory = Directory.CreateTempSubdirectory("kernel-mount-probe-").FullName;
        try
        {
            (int code, string error) = Command("mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", directory);
            if (code != 0)
            {
                return $"cannot mount a tmpfs here (needs root with mount rights): {error}";
            }

            Command("umount", directory);
            return null;
        }
        finally
        {
            Directory.Delete(directory);
        }
    }
}
