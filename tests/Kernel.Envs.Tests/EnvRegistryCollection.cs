using Xunit;

namespace Kernel.Envs.Tests;

/// <summary>
/// The test classes that read or extend the process-wide env registry; xunit runs them one after another, so a
/// registration in one never lands between another's two reads of <see cref="Envs.Registered"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EnvRegistryCollection
{
    public const string Name = "env registry";
}
