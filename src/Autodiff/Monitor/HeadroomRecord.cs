namespace Kernel.Autodiff.Monitor;

/// <summary>
/// How close a labelled tensor has come to the edges of its format since tracking began (or was last reset).
/// </summary>
/// <param name="Label">The tensor label, e.g. "ratio".</param>
/// <param name="Precision">"fp16", "fp32" or "fp64".</param>
/// <param name="AbsMax">The largest finite magnitude seen.</param>
/// <param name="MinNonZeroMagnitude">The smallest non-zero finite magnitude seen (+inf if none).</param>
/// <param name="OverflowDecades">log10(format max / AbsMax): decades left before overflow; -inf once an infinity was seen.</param>
/// <param name="UnderflowDecades">log10(MinNonZeroMagnitude / smallest normal): negative once values went subnormal.</param>
/// <param name="Observations">How many tensors with this label were looked at.</param>
/// <param name="NonFiniteCount">How many inf or NaN elements were seen.</param>
public sealed record HeadroomRecord(
    string Label,
    string Precision,
    double AbsMax,
    double MinNonZeroMagnitude,
    double OverflowDecades,
    double UnderflowDecades,
    long Observations,
    long NonFiniteCount);
