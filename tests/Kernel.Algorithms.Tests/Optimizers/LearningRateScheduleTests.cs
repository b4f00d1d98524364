using Kernel.Algorithms.Optimizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Optimizers;

/// <summary>Constant and linearly annealed learning rates (CleanRL's formula), and bad input.</summary>
public class LearningRateScheduleTests
{
    [Fact]
    public void ConstantRateNeverChanges()
    {
        LearningRateSchedule schedule = LearningRateSchedule.Constant(3e-4);
        Assert.Equal([3e-4, 3e-4, 3e-4], new long[] { 0, 10, 1_000_000 }.Select(schedule.At));
        Assert.Null(schedule.AnnealingUpdates);
    }

    [Fact]
    public void LinearAnnealingReachesZeroAfterNUpdates()
    {
        // lr(k) = (1 - k/4) * 3e-4: 3e-4, 2.25e-4, 1.5e-4, 7.5e-5, then 0 from k = 4 on.
        LearningRateSchedule schedule = LearningRateSchedule.LinearToZero(3e-4, 4);
        Assert.Equal([3e-4, 0.000225, 0.00015, 7.5e-05, 0.0, 0.0], new long[] { 0, 1, 2, 3, 4, 100 }.Select(schedule.At));
    }

    [Fact]
    public void AnnealingMatchesCleanrlsFormulaNumberForNumber()
    {
        // CleanRL: for iteration in 1..N: frac = 1.0 - (iteration - 1.0) / N; lrnow = frac * learning_rate.
        const int n = 7;
        LearningRateSchedule schedule = LearningRateSchedule.LinearToZero(2.5e-4, n);
        for (int iteration = 1; iteration <= n; iteration++)
        {
            double frac = 1.0 - ((iteration - 1.0) / n);
            Assert.Equal(frac * 2.5e-4, schedule.At(iteration - 1));
        }
    }

    [Fact]
    public void BadInputNamesTheParameter()
    {
        Assert.Equal("initial", Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant(-1e-3)).ParamName);
        Assert.Equal("initial", Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.LinearToZero(double.NaN, 3)).ParamName);
        Assert.Equal("annealingUpdates", Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.LinearToZero(1e-3, 0)).ParamName);
        Assert.Equal("update", Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant(1e-3).At(-1)).ParamName);
    }
}
