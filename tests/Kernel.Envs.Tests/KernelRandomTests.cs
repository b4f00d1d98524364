using Xunit;

namespace Kernel.Envs.Tests;

public class KernelRandomTests
{
    [Fact]
    public void TheSameSeedGivesTheSameStream()
    {
        var random = new KernelRandom(0);
        var again = new KernelRandom(0);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(random.NextUInt64(), again.NextUInt64());
        }

        Assert.NotEqual(new KernelRandom(1).NextUInt64(), new KernelRandom(0).NextUInt64());
    }

    [Fact]
    public void UniformDoublesLieInTheUnitIntervalWithTheRightMean()
    {
        var random = new KernelRandom(42);
        double sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double x = random.NextDouble();
            Assert.InRange(x, 0.0, 1.0 - double.Epsilon);
            sum += x;
        }

        Assert.Equal(0.5, sum / 100_000, 2);
    }

    [Fact]
    public void NormalDrawsHaveUnitVariance()
    {
        var random = new KernelRandom(7);
        double sum = 0;
        double squares = 0;
        const int count = 200_000;
        for (int i = 0; i < count; i++)
        {
            double x = random.Normal();
            sum += x;
            squares += x * x;
        }

        Assert.Equal(0, sum / count, 1);
        Assert.Equal(1, squares / count, 1);
    }

    [Fact]
    public void DerivedSeedsDifferPerIndexAndRepeatPerSeed()
    {
        Assert.Equal(KernelRandom.DeriveSeed(5, 3), KernelRandom.DeriveSeed(5, 3));
        Assert.NotEqual(KernelRandom.DeriveSeed(5, 3), KernelRandom.DeriveSeed(5, 4));
        Assert.NotEqual(KernelRandom.DeriveSeed(5, 3), KernelRandom.DeriveSeed(6, 3));
    }

    [Fact]
    public void NextIntCoversItsRangeEvenly()
    {
        var random = new KernelRandom(9);
        var counts = new int[3];
        for (int i = 0; i < 30_000; i++)
        {
            counts[random.NextInt(3)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }
}
