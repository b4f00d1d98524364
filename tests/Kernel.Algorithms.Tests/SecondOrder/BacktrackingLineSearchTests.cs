using Kernel.Algorithms.Nn;
using Kernel.Algorithms.SecondOrder;
using Xunit;

namespace Kernel.Algorithms.Tests.SecondOrder;

/// <summary>
/// The line search accepts the first shrunken step that keeps the KL within delta and improves the surrogate, and a
/// search that finds none leaves the parameters exactly (bit for bit) at theta_old.
/// </summary>
public class BacktrackingLineSearchTests
{
    [Fact]
    public void TheFirstStepWithinTheKlBudgetThatImprovesIsAccepted()
    {
        // Surrogate = x0 + x1 (improves along +), "KL" = 1/2 |theta - theta_old|^2: full step length 2 gives KL 2;
        // fractions 0.5^m shrink it by 0.25^m, so m = 4 (KL 2/256 = 0.0078) is the first under delta = 0.01.
        (Tape<double> tape, NamedParameter<double>[] parameters) = Parameters([0.5, -0.25]);
        double[] start = [0.5, -0.25];
        double[] step = [Math.Sqrt(2), Math.Sqrt(2)];
        var objective = new QuadraticObjective(parameters, start, improves: true);
        LineSearchResult result = BacktrackingLineSearch.Search<double>(parameters, start, step, objective.SurrogateAt(start), objective, new LineSearchOptions { MaxKl = 0.01, Shrink = 0.5 }, new double[2]);

        Assert.True(result.Accepted);
        Assert.Equal(5, result.Steps);
        Assert.Equal(1.0 / 16, result.StepFraction);
        Assert.True(result.MeanKl <= 0.01);
        Assert.Equal(start[0] + (step[0] / 16), parameters[0].Tensor.Values[0]);
        _ = tape;
    }

    [Fact]
    public void ASearchWithNoAcceptableStepLeavesTheParametersExactlyAsTheyWere()
    {
        double[] start = [0.1 + 0.2, 1.0 / 3];
        (Tape<double> tape, NamedParameter<double>[] parameters) = Parameters(start);
        var objective = new QuadraticObjective(parameters, start, improves: false);
        LineSearchResult result = BacktrackingLineSearch.Search<double>(parameters, start, [1e-3, 1e-3], objective.SurrogateAt(start), objective, new LineSearchOptions(), new double[2]);

        Assert.False(result.Accepted);
        Assert.Equal(10, result.Steps);
        Assert.Equal(10, objective.Evaluations);
        Assert.Equal(BitConverter.DoubleToInt64Bits(start[0]), BitConverter.DoubleToInt64Bits(parameters[0].Tensor.Values[0]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(start[1]), BitConverter.DoubleToInt64Bits(parameters[0].Tensor.Values[1]));
        _ = tape;
    }

    [Fact]
    public void BadOptionsAreRefusedByName()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LineSearchOptions { Shrink = 1 }.Validate());
        Assert.Contains("shrink = 1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => NaturalStep.Scale(0, 0.01));
        Assert.Equal(Math.Sqrt(2 * 0.01 / 4), NaturalStep.Scale(4, 0.01));
    }

    private static (Tape<double>, NamedParameter<double>[]) Parameters(double[] values)
    {
        var tape = new Tape<double>();
        return (tape, [new NamedParameter<double>("theta", tape.Parameter(Shape.Vector(values.Length), values))]);
    }

    private sealed class QuadraticObjective(NamedParameter<double>[] parameters, double[] start, bool improves) : ITrustRegionObjective
    {
        public int Evaluations { get; private set; }

        public double SurrogateAt(ReadOnlySpan<double> theta) => improves ? theta[0] + theta[1] : -(theta[0] + theta[1]);

        public (double Surrogate, double MeanKl) Evaluate()
        {
            Evaluations++;
            ReadOnlySpan<double> theta = parameters[0].Tensor.Values;
            double kl = 0;
            for (int i = 0; i < theta.Length; i++)
            {
                kl += 0.5 * (theta[i] - start[i]) * (theta[i] - start[i]);
            }

            return (SurrogateAt(theta), kl);
        }
    }
}
