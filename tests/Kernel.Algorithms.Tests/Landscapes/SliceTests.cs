using Kernel.Algorithms.Landscapes;
using Xunit;

namespace Kernel.Algorithms.Tests.Landscapes;

public class SliceTests
{
    [Theory]
    [InlineData(0.1, 21)]
    [InlineData(0.3, 7)]
    [InlineData(3.0, 41)]
    public void AnOddAxisIsSymmetricWithExactlyZeroInTheMiddle(double range, int points)
    {
        double[] axis = LandscapeSlice.Axis(range, points);
        Assert.Equal(0.0, axis[points / 2]);
        Assert.Equal(-range, axis[0]);
        Assert.Equal(range, axis[^1]);
        for (int i = 0; i < points; i++)
        {
            Assert.Equal(-axis[i], axis[points - 1 - i]);
        }
    }

    [Fact]
    public void RandomDirectionsAreUnitOrthogonalAndSeeded()
    {
        double[][] d = SliceDirections.Random(50, 2, 9);
        Assert.Equal(1.0, d[0].Sum(v => v * v), 12);
        Assert.Equal(1.0, d[1].Sum(v => v * v), 12);
        Assert.Equal(0.0, d[0].Zip(d[1], (x, y) => x * y).Sum(), 12);
        Assert.Equal(d[0], SliceDirections.Random(50, 2, 9)[0]);
        Assert.NotEqual(d[0], SliceDirections.Random(50, 2, 10)[0]);
    }

    [Fact]
    public void A2dSliceNumbersPointsRowMajorAndPutsTheta0AtTheCentre()
    {
        double[] origin = [1.0, 2.0, 3.0];
        double[][] e = SliceDirections.Coordinates(3, [2, 0]);
        var slice = new LandscapeSlice(origin, e[0], e[1], [-1.0, 0.0, 1.0], [-0.5, 0.0, 0.5]);
        double[] theta = new double[3];
        slice.Theta(4, theta);
        Assert.Equal(origin, theta);
        slice.Theta(2, theta); // a = 1 (coordinate 2), b = -0.5 (coordinate 0)
        Assert.Equal([0.5, 2.0, 4.0], theta);
        Assert.Equal((1.0, -0.5), slice.Coordinates(2));
    }

    [Fact]
    public void CoordinatesOutsideTheParametersAreRefusedInOneLine()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => SliceDirections.Coordinates(8, [1, 8]));
        Assert.StartsWith("directions = coords:1,8: must be distinct parameter indices in [0, 7].", error.Message, StringComparison.Ordinal);
    }
}
