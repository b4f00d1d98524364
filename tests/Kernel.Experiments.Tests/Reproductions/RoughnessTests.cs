using Kernel.Experiments.Reproductions.Paper002;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>The roughness exponent on profiles whose Hölder exponent is known.</summary>
public sealed class RoughnessTests
{
    private const int Points = 4097;

    [Fact]
    public void ASmoothProfileHasExponentOne()
    {
        double[] profile = [.. Enumerable.Range(0, Points).Select(i => Math.Sin(6.0 * i / Points))];
        Assert.Equal(1.0, Roughness.Exponent(profile), 0.02);
    }

    [Fact]
    public void BrownianMotionHasExponentOneHalf()
    {
        var random = new Random(3);
        double[] profile = new double[Points];
        for (int i = 1; i < Points; i++)
        {
            // Box-Muller: one standard normal step.
            double step = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            profile[i] = profile[i - 1] + step;
        }

        Assert.Equal(0.5, Roughness.Exponent(profile), 0.08);
    }

    [Fact]
    public void TheWeierstrassFunctionHasItsHolderExponent()
    {
        // W(x) = sum a^k cos(b^k pi x) is Hölder with exponent -ln a / ln b (Hardy 1916): 0.631 for a = 1/2, b = 3.
        const double a = 0.5;
        const double b = 3;
        double[] profile = [.. Enumerable.Range(0, Points).Select(i => Enumerable.Range(0, 20).Sum(k => Math.Pow(a, k) * Math.Cos(Math.Pow(b, k) * Math.PI * i / Points)))];
        Assert.Equal(-Math.Log(a) / Math.Log(b), Roughness.Exponent(profile), 0.1);
    }

    [Fact]
    public void AGridPoolsBothAxesAndAFlatOrShortProfileHasNoExponent()
    {
        double[,] grid = new double[65, 65];
        for (int r = 0; r < 65; r++)
        {
            for (int c = 0; c < 65; c++)
            {
                grid[r, c] = Math.Sin(r / 20.0) + Math.Cos(c / 30.0);
            }
        }

        Assert.Equal(1.0, Roughness.Exponent(grid), 0.05);
        Assert.True(double.IsNaN(Roughness.Exponent(new double[100])));
        Assert.True(double.IsNaN(Roughness.Exponent([1.0, 2.0, 4.0, 3.0, 5.0, 1.0, 2.0, 0.5])));
    }
}
