using System.Globalization;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary>
/// A fact that sends SIGINT to a kernel child. A shell starts a background job (<c>cmd &amp;</c>) with SIGINT ignored
/// and children inherit that, and .NET, as POSIX asks, leaves an inherited ignored SIGINT ignored: such a child
/// cannot be interrupted, so where this process ignores SIGINT the fact is skipped with that reason.
/// </summary>
public sealed class SigintFactAttribute : FactAttribute
{
    private const int Sigint = 2;

    public SigintFactAttribute()
    {
        if (IgnoredHere(Sigint))
        {
            Skip = "SIGINT is ignored in this process (started as a background job), so the kernel child inherits it ignored; run the tests in the foreground";
        }
    }

    /// <summary>Whether <paramref name="signal"/> is in this process's ignored set (/proc/self/status, SigIgn).</summary>
    private static bool IgnoredHere(int signal)
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(text => text.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask)
            && (mask & (1UL << (signal - 1))) != 0;
    }
}
