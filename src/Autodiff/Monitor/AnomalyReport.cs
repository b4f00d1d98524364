using System.Globalization;
using System.Text;

namespace Kernel.Autodiff.Monitor;

/// <summary>
/// The first non-finite value a monitored tape produced: where (op, label, tape index, pass), what (the value in
/// the run's precision and the value the same op gives on the same inputs up-cast to fp64), and the inputs' ranges.
/// </summary>
/// <param name="Op">The op's name, e.g. "exp".</param>
/// <param name="Label">The op's label, e.g. "ratio".</param>
/// <param name="TapeIndex">The op's position on the tape.</param>
/// <param name="Phase">Forward, backward or forward-mode pass.</param>
/// <param name="BackwardOf">In a backward pass: the forward op whose backward rule ran (e.g. "exp(\"ratio\") [64]").</param>
/// <param name="Precision">"fp16", "fp32" or "fp64".</param>
/// <param name="Shape">The output's shape.</param>
/// <param name="ElementIndex">The first non-finite element's index in the output.</param>
/// <param name="Value">That element in the run's precision (inf or NaN).</param>
/// <param name="Fp64Value">The same element when the op is replayed in fp64 on the up-cast inputs.</param>
/// <param name="PrecisionMax">The largest finite value of the run's precision.</param>
/// <param name="Inputs">The op's inputs' summaries.</param>
public sealed record AnomalyReport(
    string Op,
    string? Label,
    int TapeIndex,
    TapePhase Phase,
    string? BackwardOf,
    string Precision,
    Shape Shape,
    int ElementIndex,
    double Value,
    double Fp64Value,
    double PrecisionMax,
    IReadOnlyList<OperandSummary> Inputs)
{
    /// <summary>The op with its label as code would write it: exp("ratio").</summary>
    public string OpWithLabel => Label is null ? Op : $"{Op}(\"{Label}\")";

    /// <summary>
    /// The verdict in one phrase, e.g. <c>exp("ratio") = 8.103e+04 &gt; fp16 max 65504</c> or
    /// <c>cast("advantage") = -1.424e+08 &lt; fp16 min -65504</c>: the fp64 value against the side of the format's range
    /// it left, or a NaN that fp64 also gives (a genuine 0/0, inf-inf...).
    /// </summary>
    public string Headline
    {
        get
        {
            string fp64 = Fp64Value.ToString("G4", CultureInfo.InvariantCulture);
            string max = PrecisionMax.ToString("G", CultureInfo.InvariantCulture);
            if (double.IsFinite(Fp64Value) && Fp64Value > PrecisionMax)
            {
                return $"{OpWithLabel} = {fp64} > {Precision} max {max}";
            }

            if (double.IsFinite(Fp64Value) && Fp64Value < -PrecisionMax)
            {
                return $"{OpWithLabel} = {fp64} < {Precision} min -{max}";
            }

            if (double.IsFinite(Fp64Value))
            {
                return $"{OpWithLabel} = {Value.ToString(CultureInfo.InvariantCulture)} in {Precision}, but {fp64} in fp64 (a non-finite input or an intermediate overflow)";
            }

            return $"{OpWithLabel} = {Value.ToString(CultureInfo.InvariantCulture)} in {Precision} and {fp64} in fp64 too";
        }
    }

    /// <summary>
    /// The report as JSON-ready fields: op, label, pass, tape_index, backward_of, precision, shape, element, value,
    /// fp64_value, precision_max and operands (each with role, op, label, shape and its <see cref="OperandSummary.Fields"/>).
    /// A non-finite number is the string "NaN", "Infinity" or "-Infinity", as in metrics.jsonl.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Fields() =>
    [
        new("op", Op),
        new("label", Label),
        new("pass", Phase.ToString().ToLowerInvariant()),
        new("tape_index", TapeIndex),
        new("backward_of", BackwardOf),
        new("precision", Precision),
        new("shape", Shape.ToString()),
        new("element", ElementIndex),
        new("value", JsonNumber(Value)),
        new("fp64_value", JsonNumber(Fp64Value)),
        new("precision_max", JsonNumber(PrecisionMax)),
        new("operands", Inputs.Select(input => input.Fields()).ToArray()),
    ];

    /// <summary>A finite number as itself, a non-finite one as "NaN", "Infinity" or "-Infinity" (JSON has no literal for them).</summary>
    internal static object JsonNumber(double value)
        => double.IsFinite(value) ? value : double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    /// <summary>A multi-line description for logs and the CLI.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Headline).AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"  at tape index {TapeIndex}, {Phase} pass");
        if (BackwardOf is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" (backward rule of {BackwardOf})");
        }

        text.Append(CultureInfo.InvariantCulture, $", output {Shape} element {ElementIndex}").AppendLine();
        foreach (OperandSummary input in Inputs)
        {
            text.Append("  ").Append(input.Describe()).AppendLine();
        }

        return text.ToString();
    }
}
