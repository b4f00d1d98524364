using Xunit;

namespace Kernel.Cli.Tests;

/// <summary>Tests that redirect the process-wide Console run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
