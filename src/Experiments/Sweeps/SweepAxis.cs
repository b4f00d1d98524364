namespace Kernel.Experiments.Sweeps;

/// <summary>One axis of a sweep: a <c>kernel train</c> option (flag name without dashes) and the values it takes.</summary>
/// <param name="Name">The option, e.g. <c>seed</c> or <c>learning-rate</c>.</param>
/// <param name="Values">Its values as the flag's text, in the order the cells take them.</param>
public sealed record SweepAxis(string Name, IReadOnlyList<string> Values);
