using Kernel.Algorithms.Advantages;
using Xunit;

namespace Kernel.Algorithms.Tests.Advantages;

/// <summary>Per-minibatch advantage normalisation: (A - mean) / (unbiased std + 1e-8), in place.</summary>
public class AdvantageNormalizationTests
{
    [Fact]
    public void HandWorkedFourValues()
    {
        // [1, 2, 3, 4]: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, unbiased var 5/3,
        // std sqrt(5/3) = 1.2909944487358056; the 1e-8 shifts the result by ~1e-8 relative, far above the tolerance.
        double[] advantages = [1, 2, 3, 4];
        AdvantageNormalization.Normalize(advantages);

        double scale = Math.Sqrt(5.0 / 3.0) + 1e-8;
        Assert.Equal(-1.5 / scale, advantages[0], 1e-15);
        Assert.Equal(-0.5 / scale, advantages[1], 1e-15);
        Assert.Equal(0.5 / scale, advantages[2], 1e-15);
        Assert.Equal(1.5 / scale, advantages[3], 1e-15);
        Assert.NotEqual(-1.5 / Math.Sqrt(5.0 / 3.0), advantages[0], 1e-12);
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(37, 1e-3)]
    [InlineData(1000, 50.0)]
    public void RandomDataGetsMeanZeroAndUnbiasedStdOne(int count, double spread)
    {
        var random = new Random(count);
        double[] advantages = new double[count];
        for (int i = 0; i < count; i++)
        {
            advantages[i] = 3 + (spread * ((2 * random.NextDouble()) - 1));
        }

        double stdBefore = UnbiasedStd(advantages);
        AdvantageNormalization.Normalize(advantages);

        Assert.Equal(0, advantages.Average(), 1e-12);

        // The std becomes s / (s + 1e-8), which is 1 up to the epsilon's effect.
        Assert.Equal(stdBefore / (stdBefore + AdvantageNormalization.Epsilon), UnbiasedStd(advantages), 1e-12);
    }

    [Fact]
    public void ASingleElementBecomesZero()
    {
        double[] advantages = [42.5];
        AdvantageNormalization.Normalize(advantages);
        Assert.Equal(0.0, advantages[0]);
    }

    [Fact]
    public void ConstantDataBecomesZero()
    {
        double[] advantages = [-7, -7, -7];
        AdvantageNormalization.Normalize(advantages);
        Assert.All(advantages, a => Assert.Equal(0.0, a));
    }

    [Fact]
    public void AnEmptySpanIsANoOp()
    {
        double[] backing = [1, 2, 3];
        AdvantageNormalization.Normalize(backing.AsSpan(1, 0));
        Assert.Equal([1.0, 2.0, 3.0], backing);
    }

    [Fact]
    public void NormalizingAllocatesNothingAfterWarmUp()
    {
        var random = new Random(5);
        double[] advantages = new double[256];
        for (int i = 0; i < advantages.Length; i++)
        {
            advantages[i] = random.NextDouble();
        }

        AdvantageNormalization.Normalize(advantages);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            AdvantageNormalization.Normalize(advantages);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double UnbiasedStd(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
