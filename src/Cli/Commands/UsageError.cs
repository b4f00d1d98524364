namespace Kernel.Cli.Commands;

/// <summary>Turns an exception raised by bad input into the one line a command prints for it.</summary>
internal static class UsageError
{
    /// <summary>The message's first line without .NET's " (Parameter 'x')" suffix.</summary>
    public static string Describe(Exception error)
    {
        string message = error.Message;
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).Split('\n')[0].Trim();
    }
}
