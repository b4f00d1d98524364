using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Autodiff.Checking;
using Xunit;

namespace Kernel.Autodiff.Tests;

/// <summary>
/// For every op: over random shapes and values (inside the op's domain, and at its edges where the derivative is
/// still defined), in fp64, the reverse-mode gradient, the forward-mode JVP and the double-backward HVP all match
/// central finite differences, and the HVP is symmetric (u.Hv = v.Hu). The generators are in <see cref="Generators"/>;
/// the seed is fixed so every run draws the same cases.
/// </summary>
public class OpPropertyTests
{
    private const int Cases = 50;

    /// <summary>Fixed FsCheck seed (seed, gamma): the runs are deterministic.</summary>
    private const string Seed = "(20240611,1234567)";

    [Property(MaxTest = Cases, Replay = Seed)] public Property Add() => Holds(OpKind.Add);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Subtract() => Holds(OpKind.Subtract);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Multiply() => Holds(OpKind.Multiply);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Divide() => Holds(OpKind.Divide);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Negate() => Holds(OpKind.Negate);

    [Property(MaxTest = Cases, Replay = Seed)] public Property AddScalar() => Holds(OpKind.AddScalar);

    [Property(MaxTest = Cases, Replay = Seed)] public Property MultiplyScalar() => Holds(OpKind.MultiplyScalar);

    [Property(MaxTest = Cases, Replay = Seed)] public Property FusedMultiplyAdd() => Holds(OpKind.FusedMultiplyAdd);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Exp() => Holds(OpKind.Exp);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Log() => Holds(OpKind.Log);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Tanh() => Holds(OpKind.Tanh);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Sigmoid() => Holds(OpKind.Sigmoid);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Softplus() => Holds(OpKind.Softplus);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Relu() => Holds(OpKind.Relu);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Silu() => Holds(OpKind.Silu);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Square() => Holds(OpKind.Square);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Sqrt() => Holds(OpKind.Sqrt);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Pow() => Holds(OpKind.Pow);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Clamp() => Holds(OpKind.Clamp);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Maximum() => Holds(OpKind.Maximum);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Minimum() => Holds(OpKind.Minimum);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Where() => Holds(OpKind.Where);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Sum() => Holds(OpKind.Sum);

    [Property(MaxTest = Cases, Replay = Seed)] public Property SumAxis() => Holds(OpKind.SumAxis);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Mean() => Holds(OpKind.Mean);

    [Property(MaxTest = Cases, Replay = Seed)] public Property MeanAxis() => Holds(OpKind.MeanAxis);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Max() => Holds(OpKind.Max);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Min() => Holds(OpKind.Min);

    [Property(MaxTest = Cases, Replay = Seed)] public Property SumOfSquares() => Holds(OpKind.SumOfSquares);

    [Property(MaxTest = Cases, Replay = Seed)] public Property LogSumExp() => Holds(OpKind.LogSumExp);

    [Property(MaxTest = Cases, Replay = Seed)] public Property LogSumExpRows() => Holds(OpKind.LogSumExpRows);

    [Property(MaxTest = Cases, Replay = Seed)] public Property LogSoftmax() => Holds(OpKind.LogSoftmax);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Dot() => Holds(OpKind.Dot);

    [Property(MaxTest = Cases, Replay = Seed)] public Property MatMul() => Holds(OpKind.MatMul);

    [Property(MaxTest = Cases, Replay = Seed)] public Property AddRow() => Holds(OpKind.AddRow);

    [Property(MaxTest = Cases, Replay = Seed)] public Property MultiplyRow() => Holds(OpKind.MultiplyRow);

    [Property(MaxTest = Cases, Replay = Seed)] public Property BroadcastRow() => Holds(OpKind.BroadcastRow);

    [Property(MaxTest = Cases, Replay = Seed)] public Property BroadcastColumn() => Holds(OpKind.BroadcastColumn);

    [Property(MaxTest = Cases, Replay = Seed)] public Property BroadcastScalar() => Holds(OpKind.BroadcastScalar);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Reshape() => Holds(OpKind.Reshape);

    [Property(MaxTest = Cases, Replay = Seed)] public Property SliceColumns() => Holds(OpKind.SliceColumns);

    [Property(MaxTest = Cases, Replay = Seed)] public Property ConcatColumns() => Holds(OpKind.ConcatColumns);

    [Property(MaxTest = Cases, Replay = Seed)] public Property ClampTensor() => Holds(OpKind.ClampTensor);

    [Property(MaxTest = Cases, Replay = Seed)] public Property MaxAxis() => Holds(OpKind.MaxAxis);

    [Property(MaxTest = Cases, Replay = Seed)] public Property MinAxis() => Holds(OpKind.MinAxis);

    [Property(MaxTest = Cases, Replay = Seed)] public Property IndexSelect() => Holds(OpKind.IndexSelect);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Gather() => Holds(OpKind.Gather);

    [Property(MaxTest = Cases, Replay = Seed)] public Property ScatterAdd() => Holds(OpKind.ScatterAdd);

    [Property(MaxTest = Cases, Replay = Seed)] public Property Stack() => Holds(OpKind.Stack);

    /// <summary>Every op kind has its property above (a new kind without one fails here).</summary>
    [Fact]
    public void EveryOpKindHasAProperty()
    {
        var properties = typeof(OpPropertyTests)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<PropertyAttribute>() is not null)
            .Select(m => m.Name)
            .ToHashSet();
        string[] missing = Enum.GetNames<OpKind>().Where(kind => !properties.Contains(kind)).ToArray();
        Assert.True(missing.Length == 0, $"No property for: {string.Join(", ", missing)}");
    }

    /// <summary>The generators draw what they promise: shapes in range and inputs that match them.</summary>
    [Fact]
    public void GeneratorsDrawValidCasesForEveryKind()
    {
        foreach (OpKind kind in Enum.GetValues<OpKind>())
        {
            foreach (OpCase c in Generators.For(kind).Sample(50, 10))
            {
                Assert.Equal(kind, c.Kind);
                Assert.Equal(c.InputShapes.Count, c.Inputs.Count);
                Assert.All(c.InputShapes, s => Assert.InRange(s.Rows, 1, 7));
                Assert.All(c.Inputs, values => Assert.All(values, v => Assert.True(double.IsFinite(v), c.ToString())));
                Assert.True(c.StepScale > 0, c.ToString());
            }
        }
    }

    /// <summary>A broken derivative must make the property fail: relu sampled across its kink is caught.</summary>
    [Fact]
    public void ACaseAcrossAKinkFails()
    {
        var across = new OpCase(OpKind.Relu, "at-kink", [Shape.Vector(2)], [[0.0, 1e-7]]);
        Assert.Contains(Checks(across), r => !r.Passed);
    }

    private static Property Holds(OpKind kind)
        => Prop.ForAll(Generators.For(kind).ToArbitrary(), static c => AssertAllPass(c));

    private static GradCheckResult[] Checks(OpCase c)
    {
        GradCheckOptions options = c.Options;
        return
        [
            GradCheck.Gradient<double>(c, c.Inputs, options),
            GradCheck.Jvp<double>(c, c.Inputs, options),
            GradCheck.Hvp<double>(c, c.Inputs, options),
        ];
    }

    private static void AssertAllPass(OpCase c)
    {
        GradCheckResult[] results = Checks(c);
        if (results.Any(r => !r.Passed))
        {
            string details = string.Join(Environment.NewLine, results.Select(r => r.ToString()));
            Assert.Fail($"{details}{Environment.NewLine}options {c.Options}{Environment.NewLine}case {c}");
        }
    }
}
