using System.Reflection;

namespace Kernel.Experiments.Sweeps;

/// <summary>
/// How to start the <c>kernel</c> command as a child: the executable and the arguments that come before the
/// command's own (the entry assembly when the host is <c>dotnet</c>). Paths are absolute, so Slurm job scripts run
/// the same build from any working directory.
/// Thread-safety: immutable.
/// </summary>
/// <param name="FileName">The program to execute (an apphost, or the dotnet host).</param>
/// <param name="Prefix">Arguments before the command's, e.g. the path of kernel.dll for the dotnet host.</param>
public sealed record KernelCommand(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>
    /// The command this process was started as: its own executable when it is the kernel apphost, or
    /// <c>dotnet &lt;entry assembly&gt;</c> when it runs under the dotnet host (<c>dotnet kernel.dll</c>, <c>dotnet run</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The process has no known executable path or entry assembly.</exception>
    public static KernelCommand Current()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("this process has no executable path to start children with.");
        if (!IsDotnetHost(process))
        {
            return new KernelCommand(process, []);
        }

        string entry = Assembly.GetEntryAssembly()?.Location is { Length: > 0 } location ? location : throw new InvalidOperationException("the dotnet host runs no entry assembly on disk to start children with.");
        return new KernelCommand(process, [entry]);
    }

    /// <summary><c>dotnet &lt;kernelDll&gt;</c>, with the dotnet host this process runs under (or the one on PATH).</summary>
    public static KernelCommand ForAssembly(string kernelDll)
    {
        string host = Environment.ProcessPath is { } process && IsDotnetHost(process)
            ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return new KernelCommand(host, [Path.GetFullPath(kernelDll)]);
    }

    /// <summary>The whole command line for <paramref name="arguments"/>, quoted for a POSIX shell.</summary>
    public string ShellLine(IEnumerable<string> arguments) => string.Join(' ', new[] { FileName }.Concat(Prefix).Concat(arguments).Select(ShellQuote));

    /// <summary>Quotes <paramref name="word"/> for a POSIX shell when it holds anything but safe characters.</summary>
    public static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=+,:@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool IsDotnetHost(string path) => Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
