using System.Text.Json;
using Kernel.Autodiff.Monitor;
using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Autodiff.Tests;

/// <summary>
/// Host data enters the tape through <see cref="Tape{T}.Cast"/>, which the monitor checks like an op: an overflow on
/// entry is named as cast("label") with its fp64 source value, not as the later op that consumed the infinity; the
/// cast narrows exactly as <see cref="Conversions.Narrow{T}"/>; operand summaries of infinities never read as small;
/// the report's fields are JSON keys.
/// </summary>
public class CastMonitorTests
{
    [Fact]
    public void AnAdvantageThatOverflowsFp16OnEntryIsTheFirstAnomalyNamedAsItsCast()
    {
        var tape = new Tape<Half> { Monitor = new NumericsMonitor<Half>() };
        Tensor<Half> ratio = tape.Constant(Shape.Vector(4), [(Half)1, (Half)1, (Half)1, (Half)1], "ratio");
        Tensor<Half> advantage = tape.Cast(Shape.Vector(4), [1.5, -7e4, -2e5, 3], "advantage");
        ratio.Multiply(advantage, "surrogate");

        AnomalyReport report = Assert.IsType<AnomalyReport>(tape.Monitor.FirstAnomaly);
        Assert.Equal(NumericsMonitor<Half>.CastOp, report.Op);
        Assert.Equal("advantage", report.Label);
        Assert.Equal(1, report.ElementIndex);
        Assert.True(double.IsNegativeInfinity(report.Value));
        Assert.Equal(-7e4, report.Fp64Value);
        Assert.Equal("cast(\"advantage\") = -7E+04 < fp16 min -65504", report.Headline);
        OperandSummary source = Assert.Single(report.Inputs);
        Assert.Equal(NumericsMonitor<Half>.HostOrigin, source.Op);
        Assert.Equal(2e5, source.AbsMax);
    }

    [Fact]
    public void TheCastNarrowsExactlyAsTheConversionItReplaces()
    {
        double[] values = [0.1, -1e-8, 65519.99, 1e300, -3.25, 1e-40];
        var tape = new Tape<Half>();
        var expected = new Half[values.Length];
        Conversions.Narrow<Half>(values, expected);
        Assert.Equal(expected, tape.Cast(Shape.Vector(values.Length), values, "observation").Values.ToArray());

        var single = new Tape<float>();
        var expectedSingle = new float[values.Length];
        Conversions.Narrow<float>(values, expectedSingle);
        Assert.Equal(expectedSingle, single.Cast(Shape.Vector(values.Length), values, "observation").Values.ToArray());
        Assert.Throws<ArgumentException>(() => single.Cast(Shape.Vector(2), values, "observation"));
    }

    [Fact]
    public void AnOperandFullOfInfinitiesReadsAsInfiniteNotAsZero()
    {
        var tape = new Tape<float> { Monitor = new NumericsMonitor<float>() };
        Tensor<float> weight = tape.Constant(Shape.Vector(3), [float.PositiveInfinity, float.NegativeInfinity, float.PositiveInfinity], "weight");
        Tensor<float> x = tape.Constant(Shape.Vector(3), [1f, 0f, 2f], "x");
        weight.Multiply(x, "product");

        OperandSummary summary = tape.Monitor.FirstAnomaly!.Inputs[0];
        Assert.Equal(double.PositiveInfinity, summary.AbsMax);
        Assert.Equal(0, summary.FiniteCount);
        Assert.Equal(2, summary.Summary.PositiveInfinities);
        Assert.Equal(1, summary.Summary.NegativeInfinities);
        Assert.Contains("|x|max Infinity, finite |x| none, +inf 2, -inf 1, nan 0", summary.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportFieldsSerializeAsJsonKeys()
    {
        var tape = new Tape<Half> { Monitor = new NumericsMonitor<Half>() };
        tape.Cast(Shape.Vector(2), [1, 1e6], "return");
        string json = JsonSerializer.Serialize(tape.Monitor.FirstAnomaly!.Fields().ToDictionary());
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal("cast", root.GetProperty("op").GetString());
        Assert.Equal("return", root.GetProperty("label").GetString());
        Assert.Equal("forward", root.GetProperty("pass").GetString());
        Assert.Equal(0, root.GetProperty("tape_index").GetInt32());
        Assert.Equal("fp16", root.GetProperty("precision").GetString());
        Assert.Equal(1, root.GetProperty("element").GetInt32());
        Assert.Equal("Infinity", root.GetProperty("value").GetString());
        Assert.Equal(1e6, root.GetProperty("fp64_value").GetDouble());
        JsonElement source = root.GetProperty("operands")[0];
        Assert.Equal("a", source.GetProperty("role").GetString());
        Assert.Equal(1e6, source.GetProperty("abs_max").GetDouble());
        Assert.Equal(0, source.GetProperty("positive_infinities").GetInt32());
    }
}
