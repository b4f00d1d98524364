using System.Globalization;
using Kernel.Kernels.Cpu;

namespace Kernel.Autodiff.Monitor;

/// <summary>What an op's input looked like when the op produced a non-finite value.</summary>
/// <param name="Role">Which input: "a", "b" or "c" in the op's argument order.</param>
/// <param name="Op">The op that produced the input ("leaf" for leaves).</param>
/// <param name="Label">The input's label, if any.</param>
/// <param name="Shape">The input's shape.</param>
/// <param name="Summary">Its range (abs-max, smallest non-zero magnitude) and counts of inf, NaN, subnormal and zero values.</param>
public sealed record OperandSummary(string Role, string Op, string? Label, Shape Shape, ValueSummary Summary)
{
    /// <summary>
    /// One line: role, origin, shape, range and special-value counts. |x|max is the largest magnitude of all elements
    /// (inf when any is infinite, NaN when all are NaN); the finite range follows separately, with "none" when no
    /// element is finite, so an operand full of infinities never reads as small.
    /// </summary>
    public string Describe()
    {
        string name = Label is null ? Op : $"{Op}(\"{Label}\")";
        return string.Create(CultureInfo.InvariantCulture, $"{Role} = {name} {Shape}: |x|max {AbsMax:G4}, finite |x| {FiniteRange()}, ")
            + $"+inf {Summary.PositiveInfinities}, -inf {Summary.NegativeInfinities}, nan {Summary.NaNs}, "
            + $"subnormal {Summary.Subnormals}, zero {Summary.Zeros}";
    }

    /// <summary>The largest magnitude over all elements: +inf if any is infinite, NaN if every element is NaN.</summary>
    public double AbsMax
        => Summary.PositiveInfinities + Summary.NegativeInfinities > 0 ? double.PositiveInfinity
            : FiniteCount == 0 && Summary.NaNs > 0 ? double.NaN
            : Summary.AbsMax;

    /// <summary>How many elements are finite.</summary>
    public int FiniteCount => Summary.Length - Summary.PositiveInfinities - Summary.NegativeInfinities - Summary.NaNs;

    /// <summary>JSON-ready fields: role, op, label, shape, length, abs_max, finite_abs_max, finite_min_nonzero, counts.</summary>
    public IReadOnlyDictionary<string, object?> Fields() => new Dictionary<string, object?>
    {
        ["role"] = Role,
        ["op"] = Op,
        ["label"] = Label,
        ["shape"] = Shape.ToString(),
        ["length"] = Summary.Length,
        ["abs_max"] = AnomalyReport.JsonNumber(AbsMax),
        ["finite_abs_max"] = FiniteCount > 0 ? Summary.AbsMax : null,
        ["finite_min_nonzero"] = double.IsFinite(Summary.MinNonZeroMagnitude) ? Summary.MinNonZeroMagnitude : null,
        ["positive_infinities"] = Summary.PositiveInfinities,
        ["negative_infinities"] = Summary.NegativeInfinities,
        ["nans"] = Summary.NaNs,
        ["subnormals"] = Summary.Subnormals,
        ["zeros"] = Summary.Zeros,
    };

    private string FiniteRange()
        => FiniteCount == 0 ? "none"
            : string.Create(CultureInfo.InvariantCulture, $"max {Summary.AbsMax:G4}, min>0 {Summary.MinNonZeroMagnitude:G4}");
}
