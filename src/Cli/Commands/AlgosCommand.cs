using System.CommandLine;
using Kernel.Algorithms.Registry;

namespace Kernel.Cli.Commands;

/// <summary><c>kernel algos list</c>: the registered algorithms, one a line: the name <c>kernel train --algo</c> takes and its summary with the paper reference.</summary>
internal static class AlgosCommand
{
    public static Command Create()
    {
        var list = new Command("list", "List the registered algorithms: name and summary.");
        list.SetAction(_ =>
        {
            int width = AlgorithmRegistry.All.Max(algorithm => algorithm.Name.Length);
            foreach (Algorithm algorithm in AlgorithmRegistry.All)
            {
                Console.WriteLine($"{algorithm.Name.PadRight(width)}  {algorithm.Summary}");
            }

            return 0;
        });
        return new Command("algos", "The policy-gradient algorithms kernel train runs.") { list };
    }
}
