using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Tests;

/// <summary>The <c>kernel</c> command built beside the tests (the project references src/Cli), and the repository root.</summary>
internal static class TestKernel
{
    /// <summary><c>dotnet kernel.dll</c> from the test output folder.</summary>
    public static KernelCommand Command { get; } = KernelCommand.ForAssembly(Path.Combine(AppContext.BaseDirectory, "kernel.dll"));

    /// <summary>The folder holding Kernel.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// Options of a tiny Pendulum-v1 run: 2 envs x 64 steps per update, [16, 16] networks, a checkpoint after every
    /// update; <paramref name="updates"/> updates take a fraction of a second each.
    /// </summary>
    public static KeyValuePair<string, string>[] TinyRun(int updates) =>
    [
        new("env", "Pendulum-v1"), new("envs", "2"), new("rollout-steps", "64"), new("minibatch-size", "32"), new("epochs", "2"),
        new("steps", (updates * 128).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("policy-hidden", "16,16"),
        new("value-hidden", "16,16"), new("checkpoint-every", "1"),
    ];

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Kernel.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Kernel.sln above {AppContext.BaseDirectory}");
    }
}
