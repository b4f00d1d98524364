namespace Kernel.Cli.Tests;

/// <summary>
/// Runs <c>kernel</c> in this process (Program.Main) with standard output and error captured; the console is the
/// process's, so tests that use it belong to the Console collection.
/// </summary>
internal static class InProcessKernel
{
    /// <summary>Runs <paramref name="args"/>; returns the exit code, standard error and standard output.</summary>
    public static (int Code, string Error, string Output) Run(string[] args)
    {
        TextWriter originalOut = Console.Out, originalError = Console.Error;
        var error = new StringWriter();
        var output = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (Program.Main(args), error.ToString(), output.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
