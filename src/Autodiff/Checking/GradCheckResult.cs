using System.Globalization;

namespace Kernel.Autodiff.Checking;

/// <summary>The outcome of one gradient check, naming the worst element.</summary>
/// <param name="Function">The function's name.</param>
/// <param name="Precision">Precision of the analytic side ("fp32"...); finite differences are always fp64.</param>
/// <param name="Mode">Gradient, JVP or HVP.</param>
/// <param name="Passed">Whether every element was within tolerance (and, for HVP, the symmetry held).</param>
/// <param name="Checked">How many elements were compared.</param>
/// <param name="MaxAbsoluteError">Largest |analytic - numeric|.</param>
/// <param name="MaxRelativeError">Largest |analytic - numeric| / max(|numeric|, tiny).</param>
/// <param name="WorstInput">Input (gradient, HVP) or output (JVP) index of the worst element, relative to the bound.</param>
/// <param name="WorstElement">Element index of the worst element within that tensor.</param>
/// <param name="WorstAnalytic">The analytic value there.</param>
/// <param name="WorstNumeric">The finite-difference value there.</param>
/// <param name="SymmetryError">For HVP: |u.Hv - v.Hu| / (1 + |u.Hv|); 0 otherwise.</param>
public sealed record GradCheckResult(
    string Function,
    string Precision,
    GradCheckMode Mode,
    bool Passed,
    int Checked,
    double MaxAbsoluteError,
    double MaxRelativeError,
    int WorstInput,
    int WorstElement,
    double WorstAnalytic,
    double WorstNumeric,
    double SymmetryError)
{
    /// <summary>One line for logs and test failures.</summary>
    public override string ToString()
    {
        string symmetry = Mode == GradCheckMode.Hvp ? string.Create(CultureInfo.InvariantCulture, $", symmetry {SymmetryError:G3}") : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Function} {Precision} {Mode}: {(Passed ? "pass" : "FAIL")} over {Checked}, max abs {MaxAbsoluteError:G3}, max rel {MaxRelativeError:G3}, worst input {WorstInput}[{WorstElement}] analytic {WorstAnalytic:G8} vs numeric {WorstNumeric:G8}{symmetry}");
    }
}
