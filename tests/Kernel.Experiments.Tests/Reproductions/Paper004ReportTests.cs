using Kernel.Experiments.Reproductions;
using Kernel.Experiments.Reproductions.Paper004;
using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>Paper 004's per-run numbers from eval.csv, metrics.csv and timing.csv files written by hand.</summary>
public sealed class Paper004ReportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-004-report-").FullName;
    private readonly ExperimentData data;

    public Paper004ReportTests()
    {
        var plan = new ExperimentPlan(new SweepSpec("t", [], [new SweepAxis("algo", ["a2c", "ppo"]), new SweepAxis("seed", ["1", "2"])]), "test");
        data = new ExperimentData(Budget.Smoke, plan, SweepLayout.At(directory), [], Path.Combine(directory, "figures"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private SweepCell Cell(string algo, string seed) => data.Where(("algo", algo), ("seed", seed)).Single();

    private void Write(SweepCell cell, string file, params string[] lines)
    {
        string run = data.Layout.CellDirectory(cell);
        Directory.CreateDirectory(run);
        File.WriteAllLines(Path.Combine(run, file), lines);
    }

    [Fact]
    public void FinalReturnIsTheLastEvaluationAndTheAreaIsTheTrapezoidMeanOverTheStepsSpanned()
    {
        SweepCell cell = Cell("ppo", "1");
        Write(cell, "eval.csv", "update,step,eval_return_mean,eval_return_std,eval_episodes", "2,100,0,1,10", "4,200,10,1,10", "5,400,40,2,10");

        Assert.Equal(40, Paper004Report.FinalReturn(data, cell));
        // (100 x (0 + 10) / 2 + 200 x (10 + 40) / 2) / 300 = (500 + 5000) / 300
        Assert.Equal(5500.0 / 300, Paper004Report.AreaUnderCurve(data, cell), 12);
        Assert.False(Paper004Report.Collapsed(data, cell));
        Assert.True(double.IsNaN(Paper004Report.FinalReturn(data, Cell("a2c", "1")))); // no eval.csv
    }

    [Fact]
    public void ARunCollapsesWhenItEndsBelowItsBestByMoreThanHalfItsGain()
    {
        SweepCell fell = Cell("a2c", "1");
        Write(fell, "eval.csv", "update,step,eval_return_mean,eval_return_std,eval_episodes", "1,1,0,0,1", "2,2,100,0,1", "3,3,49,0,1");
        SweepCell held = Cell("a2c", "2");
        Write(held, "eval.csv", "update,step,eval_return_mean,eval_return_std,eval_episodes", "1,1,0,0,1", "2,2,100,0,1", "3,3,51,0,1");

        Assert.True(Paper004Report.Collapsed(data, fell));
        Assert.False(Paper004Report.Collapsed(data, held));
    }

    [Fact]
    public void SettledKlLeavesOutTheFirstTenthAndNonPositiveValues()
    {
        SweepCell cell = Cell("ppo", "2");
        string[] rows = [.. Enumerable.Range(1, 20).Select(i => $"{i},{i * 10},{(i == 5 ? "NaN" : i == 6 ? "0" : (i * 0.001).ToString(System.Globalization.CultureInfo.InvariantCulture))}")];
        Write(cell, "metrics.csv", ["update,step,kl_mean", .. rows]);

        double[] settled = Paper004Report.SettledKl(data, [cell]);
        Assert.Equal(16, settled.Length); // 20 updates less the first 2, the NaN and the 0
        Assert.Equal(0.003, settled[0], 12);
        Assert.Equal(0.02, Paper004Report.LargestKl(data, cell), 12);
    }

    [Fact]
    public void TheThroughputTableAveragesSecondsPerUpdateAndDividesStepsByCollectionAndUpdate()
    {
        SweepCell cell = Cell("ppo", "1");
        Write(
            cell,
            "timing.csv",
            "update,step,env_seconds,inference_seconds,collect_seconds,update_seconds,eval_seconds,steps_per_second",
            "1,1000,1,0.5,2,3,0,200",
            "2,2000,1,0.5,2,1,1,333");

        string row = Paper004Report.ThroughputTable(data, new[] { cell }.GroupBy(_ => "PPO")).Split('\n')[2];
        // 2000 steps over 8 s of collection and update, 9 s with the evaluation.
        Assert.Equal("| PPO | 2 | 1000 | 1.000 | 0.500 | 0.500 | 2.000 | 0.500 | 250 | 222 |", row.TrimEnd());
    }
}
