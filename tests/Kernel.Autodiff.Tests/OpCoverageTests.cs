using FsCheck.Fluent;
using Kernel.Autodiff.Checking;
using Xunit;

namespace Kernel.Autodiff.Tests;

/// <summary>
/// Neither op list can miss an op: every <see cref="Op{T}"/> class in Kernel.Autodiff must be recorded on the tape
/// (forward, backward with a graph, double backward and JVP) by some case of <c>kernel gradcheck</c>'s battery
/// (<see cref="GradCheckBattery"/>) and by some case of the randomised properties (<see cref="OpPropertyTests"/>).
/// A new op class without a case in either fails here, by name.
/// </summary>
public class OpCoverageTests
{
    /// <summary>
    /// Op classes whose output carries no gradient (<see cref="Op{T}.IsDifferentiable"/> is false): nothing to check
    /// against finite differences. Their users (where's mask, max's ties) are covered through those users.
    /// </summary>
    private static readonly HashSet<string> WithoutGradient = ["MaskOp`1", "ArgExtremumOp`1"];

    [Fact]
    public void TheGradcheckBatteryRecordsEveryOpClass()
    {
        var recorded = new HashSet<Type>();
        foreach (GradCheckBattery function in GradCheckBattery.Cases)
        {
            recorded.UnionWith(Exercise(function, function.Sample(new Random(7))));
        }

        AssertCovers(recorded, "GradCheckBattery.BuildCases");
    }

    [Fact]
    public void TheOpPropertiesRecordEveryOpClass()
    {
        var recorded = new HashSet<Type>();
        foreach (OpKind kind in Enum.GetValues<OpKind>())
        {
            foreach (OpCase c in Generators.For(kind).Sample(20, 10))
            {
                recorded.UnionWith(Exercise(c, [.. c.Inputs]));
            }
        }

        AssertCovers(recorded, "OpKind and Generators.For");
    }

    [Fact]
    public void EveryExemptOpClassExistsAndHasNoGradient()
    {
        foreach (string name in WithoutGradient)
        {
            Assert.Contains(AllOpClasses(), type => type.Name == name);
        }
    }

    /// <summary>Every concrete op class of the library, as generic definitions.</summary>
    private static IReadOnlyList<Type> AllOpClasses()
        => [.. typeof(Op<>).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.IsGenericTypeDefinition && DerivesFromOp(type))
            .OrderBy(type => type.Name, StringComparer.Ordinal)];

    private static bool DerivesFromOp(Type type)
    {
        for (Type? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(Op<>))
            {
                return true;
            }
        }

        return false;
    }

    private static void AssertCovers(HashSet<Type> recorded, string where)
    {
        string[] missing = [.. AllOpClasses().Where(type => !recorded.Contains(type) && !WithoutGradient.Contains(type.Name)).Select(type => type.Name)];
        Assert.True(missing.Length == 0, $"op classes no case of {where} records: {string.Join(", ", missing)}");
    }

    /// <summary>
    /// Records the function at the point the way the checks do: the value, its JVP, the gradient of a projection with a
    /// graph (so backward rules record their ops) and the gradient of that gradient along a direction (double backward).
    /// </summary>
    private static IEnumerable<Type> Exercise(IDifferentiableFunction function, double[][] point)
    {
        var tape = new Tape<double>();
        Tensor<double>[] x = GradCheck.Variables(tape, function, point);
        Tensor<double> y = function.Evaluate(tape, x);
        double[][] ones = [.. point.Select(values => Enumerable.Repeat(0.5, values.Length).ToArray())];
        tape.Jvp(y, x, GradCheck.Constants(tape, function, ones));

        double[] weights = [.. Enumerable.Range(0, y.Shape.Length).Select(i => 1.0 + (0.25 * i))];
        Tensor<double> projected = y.Multiply(tape.Constant(y.Shape, weights)).Sum();
        var gradients = new Tensor<double>[x.Length];
        tape.Gradients(projected, x, gradients, createGraph: true);
        Tensor<double>[] directions = GradCheck.Constants(tape, function, ones);
        Tensor<double> inner = gradients[0].Multiply(directions[0]).Sum();
        for (int i = 1; i < x.Length; i++)
        {
            inner = inner.Add(gradients[i].Multiply(directions[i]).Sum());
        }

        var hessianVector = new Tensor<double>[x.Length];
        tape.Gradients(inner, x, hessianVector);
        return [.. tape.RecordedOpClasses()];
    }
}
