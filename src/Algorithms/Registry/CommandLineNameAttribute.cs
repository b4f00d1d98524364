namespace Kernel.Algorithms.Registry;

/// <summary>Gives a setting a command-line option name other than its JSON name in kebab case (kept from earlier versions of the CLI: --steps, --envs, --anneal-lr).</summary>
/// <param name="name">The option's name without the leading dashes.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CommandLineNameAttribute(string name) : Attribute
{
    /// <summary>The option's name without the leading dashes.</summary>
    public string Name => name;
}
