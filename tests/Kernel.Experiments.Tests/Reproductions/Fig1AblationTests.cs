using System.Globalization;
using Kernel.Experiments.Reproductions;
using Kernel.Experiments.Reproductions.Paper001;
using Kernel.Experiments.Sweeps;
using Kernel.Plots;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>001-fig1's pieces on numbers made by hand: the best learning rate per configuration, the Welch interval of on - off, the verdicts and the histogram bins.</summary>
public sealed class Fig1AblationTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-001-fig1-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TheWelchIntervalUsesTheSatterthwaiteDegreesOfFreedomRoundedDown()
    {
        // a: mean 2, s² 1, n 3 (s²/n = 1/3); b: mean 2, s² 8, n 2 (s²/n = 4); df = (13/3)² / ((1/9)/2 + 16/1) = 1.17 -> 1, t = 12.706.
        MeanDifference unequal = MeanDifference.Of([1, 2, 3], [0, 4]);
        Assert.Equal(0, unequal.Difference, 12);
        Assert.Equal(12.706 * Math.Sqrt(13.0 / 3), unequal.Upper, 9);
        Assert.Equal(-unequal.Upper, unequal.Lower, 9);

        // Equal variances and sizes: df = 2(n - 1) = 6 exactly (t = 2.447), s²/n = (5/3)/4 each.
        MeanDifference equal = MeanDifference.Of([3, 4, 5, 6], [1, 2, 3, double.NaN, 4]);
        Assert.Equal(2, equal.Difference, 12);
        Assert.Equal(2 - (2.447 * Math.Sqrt(2 * 5.0 / 12)), equal.Lower, 9);
        Assert.False(equal.Positive);
        Assert.True(MeanDifference.Of([10, 11, 12], [1, 2, 3]).Positive);

        MeanDifference single = MeanDifference.Of([5], [1, 2]);
        Assert.Equal(3.5, single.Difference, 12);
        Assert.True(double.IsNaN(single.Lower) && double.IsNaN(single.Upper));
    }

    [Fact]
    public void TheBestLearningRateIsChosenPerConfigurationFromTheMeanOverSeeds()
    {
        var experiment = new Fig1AblationExperiment();
        // 1e-3 wins everywhere except with every optimisation off, where 3e-4 does; one seed of 1e-3 there has no return at all.
        ExperimentData data = Data(experiment, cell => AllOff(cell) ? (cell.Get("learning-rate") == "3e-4" ? 50 : cell.Get("seed") == "1" ? double.NaN : 10) : Return(cell));

        SweepCell[] best = Fig1AblationExperiment.BestLearningRateRuns(data);

        Assert.Equal(32, best.Length); // 16 configurations x 2 seeds of one learning rate
        Assert.All(best, cell => Assert.Equal(AllOff(cell) ? "3e-4" : "1e-3", cell.Get("learning-rate")));
        Assert.Equal(16, best.Select(cell => string.Join(",", Fig1AblationExperiment.Optimisations.Select(o => cell.Get(o.Option)))).Distinct().Count());
    }

    [Fact]
    public void EachOptimisationGetsItsVerdictFromTheIntervalOfOnMinusOff()
    {
        var experiment = new Fig1AblationExperiment();
        ExperimentData data = Data(experiment, Return);

        ExperimentReport report = experiment.Report(data);

        // Reward scaling (+300) and annealing (+200) stand far above the spread the other switches and the seeds make;
        // orthogonal init (+1) is positive but inside it; value clipping adds nothing (0).
        Verdict[] verdicts = [.. report.Claims.Select(claim => claim.Verdict)];
        Assert.Equal([Verdict.Reproduced, Verdict.Partly, Verdict.Reproduced, Verdict.Reproduced], verdicts);
        Assert.Contains("reward scaling on: ", report.Claims[0].Ours, StringComparison.Ordinal);
        Assert.Contains("on - off = 300 [", report.Claims[0].Ours, StringComparison.Ordinal);
        Assert.Contains("on - off = 0 [", report.Claims[3].Ours, StringComparison.Ordinal);
        Assert.Equal(4, report.Figures.Count);
        Assert.All(report.Figures, figure => Assert.True(File.Exists(Path.Combine(directory, figure.Path))));
    }

    [Fact]
    public void ValueClippingThatHelpsSignificantlyIsPartlyWhenLessThanTheOthersAndNotReproducedWhenMore()
    {
        var experiment = new Fig1AblationExperiment();
        // Scaling, annealing and init all +300 here; a gain of 250 is significant (interval about [56, 444]) but below them.
        Verdict Clipping(double gain) => experiment.Report(Data(experiment, cell => Return(cell) + (On(cell, "orthogonal-init") ? 299 : 0) + (On(cell, "anneal-lr") ? 100 : 0) + (On(cell, "clip-value-loss") ? gain : 0))).Claims[3].Verdict;

        Assert.Equal(Verdict.Partly, Clipping(250));
        Assert.Equal(Verdict.NotReproduced, Clipping(350));
    }

    [Fact]
    public void HistogramBinsSpanAllGroupsAndTheLargestValueFallsInTheLastBin()
    {
        (double[] edges, double width, int[][] counts) = HistogramPlot.Bin([[0, 1, 2, 3, 4, double.NaN], [4]], 2);
        Assert.Equal([0.0, 2.0], edges);
        Assert.Equal(2, width);
        Assert.Equal([2, 3], counts[0]);
        Assert.Equal([0, 1], counts[1]);

        (double[] same, double sameWidth, int[][] sameCounts) = HistogramPlot.Bin([[7, 7]], 1);
        Assert.Equal([6.5], same);
        Assert.Equal(1, sameWidth);
        Assert.Equal([2], sameCounts[0]);
    }

    private static bool On(SweepCell cell, string option) => cell.Get(option) == "true";

    private static bool AllOff(SweepCell cell) => Fig1AblationExperiment.Optimisations.All(o => !On(cell, o.Option));

    /// <summary>Final returns with known effects: reward scaling +300, annealing +200, orthogonal init +1, value clipping 0, learning rate 1e-3 +10, seed 1 +5 and seed 2 -5.</summary>
    private static double Return(SweepCell cell) =>
        1000 + (On(cell, "scale-rewards") ? 300 : 0) + (On(cell, "anneal-lr") ? 200 : 0) + (On(cell, "orthogonal-init") ? 1 : 0)
        + (cell.Get("learning-rate") == "1e-3" ? 10 : 0) + (cell.Get("seed") == "1" ? 5 : -5);

    private ExperimentData Data(Fig1AblationExperiment experiment, Func<SweepCell, double> final)
    {
        ExperimentPlan plan = experiment.Plan(Budget.Quick);
        CellSummary[] cells = [.. plan.Sweep.Cells.Select(cell => new CellSummary(cell.Id, cell.Values, CellState.Finished, 0, 40, 81920, final(cell), final(cell), false, null, null, double.NaN, double.NaN, 1))];
        return new ExperimentData(Budget.Quick, plan, SweepLayout.At(Path.Combine(directory, "sweep")), cells, Path.Combine(directory, "figures"));
    }
}
