using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Kernel.Cli.Tests;

/// <summary>The kernel command line in a child process (for signals and mount namespaces), its output collected as it comes.</summary>
internal sealed partial class ChildKernel : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private ChildKernel(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(error, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (error)
            {
                return error.ToString();
            }
        }
    }

    /// <summary>Starts <c>kernel</c> with <paramref name="arguments"/>; with <paramref name="wrapper"/> (e.g. unshare) the command line is passed to it.</summary>
    public static ChildKernel Start(IEnumerable<string> arguments, params string[] wrapper)
    {
        string kernel = typeof(Program).Assembly.Location;
        string[] command = [.. wrapper, "dotnet", kernel, .. arguments];
        var info = new ProcessStartInfo(command[0], command[1..]) { RedirectStandardError = true, RedirectStandardOutput = true };
        return new ChildKernel(Process.Start(info)!);
    }

    /// <summary>Sends <paramref name="signal"/> (2 SIGINT, 15 SIGTERM) to the child.</summary>
    public void Signal(int signal)
    {
        if (Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, at most <paramref name="seconds"/>.</summary>
    public static bool WaitUntil(Func<bool> condition, double seconds)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    /// <summary>Waits for the exit (at most <paramref name="seconds"/>, then kills it and fails) and returns the code.</summary>
    public int WaitForExit(double seconds)
    {
        if (!process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kernel did not exit within {seconds} s; stderr: {Error}");
        }

        process.WaitForExit(); // drains the redirected streams
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is not null)
        {
            lock (builder)
            {
                builder.Append(line).Append('\n');
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
