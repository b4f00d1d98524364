namespace Kernel.Experiments.Reproductions;

/// <summary>What the data say about one claim of a paper, by the rule the claim states.</summary>
public enum Verdict
{
    /// <summary>The rule's full condition holds.</summary>
    Reproduced,

    /// <summary>The rule's weaker condition holds.</summary>
    Partly,

    /// <summary>Neither holds.</summary>
    NotReproduced,
}
