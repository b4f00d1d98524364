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
    /// <summary>One line: role, origin, shape, range and special-value counts.</summary>
    public string Describe()
    {
        string name = Label is null ? Op : $"{Op}(\"{Label}\")";
        return $"{Role} = {name} {Shape}: |x|max {Summary.AbsMax:G4}, |x|min>0 {Summary.MinNonZeroMagnitude:G4}, "
            + $"+inf {Summary.PositiveInfinities}, -inf {Summary.NegativeInfinities}, nan {Summary.NaNs}, "
            + $"subnormal {Summary.Subnormals}, zero {Summary.Zeros}";
    }
}
