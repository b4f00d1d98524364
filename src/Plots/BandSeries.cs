namespace Kernel.Plots;

/// <summary>One line with a shaded band around it: the mean over runs and an interval at each x.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Xs">x values, ascending.</param>
/// <param name="Mean">The line.</param>
/// <param name="Lower">The band's lower edge (same length as <paramref name="Xs"/>).</param>
/// <param name="Upper">The band's upper edge.</param>
public sealed record BandSeries(string Label, double[] Xs, double[] Mean, double[] Lower, double[] Upper);
