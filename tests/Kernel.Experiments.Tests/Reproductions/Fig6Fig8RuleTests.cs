using Kernel.Experiments.Reproductions.Paper001;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>The numbers 001-fig6-fig8's verdicts rest on: the roughness of a landscape grid and the correlation along the step.</summary>
public sealed class Fig6Fig8RuleTests
{
    [Fact]
    public void APlaneHasNoRoughnessAndNoiseOnItHasSome()
    {
        var plane = new double[7, 5];
        var noisy = new double[7, 5];
        var random = new Random(3);
        for (int i = 0; i < 7; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                plane[i, j] = (3 * i) - (2 * j);
                noisy[i, j] = plane[i, j] + (4 * (random.NextDouble() - 0.5));
            }
        }

        Assert.Equal(0, Fig6Fig8LandscapesExperiment.Roughness(plane), 1e-12);
        Assert.True(Fig6Fig8LandscapesExperiment.Roughness(noisy) > 0.05);
    }

    [Fact]
    public void RoughnessIsTheMeanAbsoluteSecondDifferenceOverTheRange()
    {
        // A spike of 1 in a 3 x 3 grid of zeros (range 1). Second differences along a (centred at i = 1) are 0, -2, 0
        // over the columns, along b (centred at j = 1) 0, -2, 0 over the rows: mean |.| = 4 / 6.
        var grid = new double[3, 3];
        grid[1, 1] = 1;

        Assert.Equal(4.0 / 6, Fig6Fig8LandscapesExperiment.Roughness(grid), 1e-12);
        Assert.True(double.IsNaN(Fig6Fig8LandscapesExperiment.Roughness(new double[3, 3])));
    }

    [Fact]
    public void TheCorrelationIsPearsonsOnTheFinitePairs()
    {
        Assert.Equal(1, Fig6Fig8LandscapesExperiment.Correlation([1, 2, 3, 4], [2, 4, 6, 8]), 1e-12);
        Assert.Equal(-1, Fig6Fig8LandscapesExperiment.Correlation([1, 2, 3, 4], [5, 3, 1, -1]), 1e-12);
        Assert.Equal(1, Fig6Fig8LandscapesExperiment.Correlation([1, 2, double.NaN, 3], [1, 2, 9, 3]), 1e-12);
        Assert.True(double.IsNaN(Fig6Fig8LandscapesExperiment.Correlation([1, 2, 3], [1, 1, 1])));
        Assert.True(double.IsNaN(Fig6Fig8LandscapesExperiment.Correlation([1, 2], [1, 2])));
    }
}
