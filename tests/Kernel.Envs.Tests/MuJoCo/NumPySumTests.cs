using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Envs.MuJoCo;
using Xunit;

namespace Kernel.Envs.Tests.MuJoCo;

public class NumPySumTests
{
    [Fact]
    public void EightOrMoreValuesAreSummedInEightLanesAsNumPyDoes()
    {
        // Left to right, 1e16 + 1 rounds back to 1e16 seven times; NumPy's lanes add the ones first.
        double[] values = [1e8, 1, 1, 1, 1, 1, 1, 1];
        Assert.Equal(1e16 + 6, NumPySum.OfSquares(values));
        Assert.Equal(1e16, values.Aggregate(0.0, (sum, v) => sum + (v * v)));
    }

    [Fact]
    public void FewerThanEightValuesAreSummedLeftToRight()
    {
        double[] values = [1e8, 1, 1, 1, 1, 1, 1];
        Assert.Equal(1e16, NumPySum.OfSquares(values));
        Assert.Equal(0.0, NumPySum.OfSquares([]));
        Assert.Equal(0.0, NumPySum.OfSquares([-0.0]));
        Assert.False(double.IsNegative(NumPySum.OfSquares([-0.0])));
    }

    [Property(MaxTest = 200, Replay = "(20261123,43)")]
    public Property TheSumIsWithinThePairwiseErrorBoundOfTheExactOne()
        => Prop.ForAll(Vectors().ToArbitrary(), static values =>
        {
            double sum = NumPySum.OfSquares(values);
            decimal exact = values.Aggregate(0m, (total, v) => total + ((decimal)v * (decimal)v));
            double magnitude = values.Sum(v => v * v);
            return Math.Abs(sum - (double)exact) <= values.Length * 1.2e-16 * magnitude;
        });

    private static Gen<double[]> Vectors()
        => from length in Gen.Choose(0, 300)
           from raw in Gen.ArrayOf(Gen.Choose(-100000, 100000), length)
           select raw.Select(r => r / 1000.0).ToArray();
}
