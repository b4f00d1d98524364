using System.Globalization;
using Kernel.Experiments.Reproductions;
using Kernel.Experiments.Reproductions.Paper002;
using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>002-fig2's and 002-fig7's verdicts from landscape.csv, metrics.csv and cell.json files written by hand.</summary>
public sealed class Fig2Fig7ReportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-002-report-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private ExperimentData Data(IExperiment experiment, Budget budget, Action<ExperimentPlan, SweepLayout> write)
    {
        ExperimentPlan plan = experiment.Plan(budget);
        SweepLayout layout = SweepLayout.At(Path.Combine(directory, "sweep"));
        write(plan, layout);
        return new ExperimentData(budget, plan, layout, SweepCollector.Summaries(layout, plan.Sweep), Path.Combine(directory, "figures"));
    }

    private static void Write(SweepLayout layout, SweepCell cell, string file, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(layout.CellDirectory(cell));
        File.WriteAllLines(Path.Combine(layout.CellDirectory(cell), file), lines);
    }

    private static string Row(string precision, double a, double b, double value) => string.Create(CultureInfo.InvariantCulture, $"{precision},{a:R},{b:R},{value:R},0");

    /// <summary>A Brownian-like profile (a +-1 walk from a fixed LCG): roughness exponent near 1/2.</summary>
    private static double[] Walk(int count, uint state)
    {
        var values = new double[count];
        double level = 0;
        for (int i = 0; i < count; i++)
        {
            state = (state * 1664525) + 1013904223;
            level += (state >> 31) == 0 ? 1 : -1;
            values[i] = -1e5 + (100 * level);
        }

        return values;
    }

    private static double[] Parabola(int count) => [.. Enumerable.Range(0, count).Select(i => -100 - Math.Pow(i - (count / 2), 2))];

    /// <summary>
    /// Writes every cell of 002-fig2's quick plan: the double pendulum rough (a walk), with fp32 off by 1e-5 x H / 100 at
    /// two points in three and by 1e-2 at every tenth, and a Lyapunov exponent of 0.02 at every fifth point; the single
    /// pendulum a parabola, fp32 off by 1e-7, exponents -0.001. With <paramref name="chaotic"/> false both are the single pendulum.
    /// </summary>
    private static void WriteFig2(ExperimentPlan plan, SweepLayout layout, bool chaotic)
    {
        foreach (SweepCell cell in plan.Sweep.Cells)
        {
            bool rough = chaotic && cell.Get("env") == Fig2LandscapesExperiment.DoublePendulum;
            int points = int.Parse(cell.Get("points")!, CultureInfo.InvariantCulture);
            double horizon = double.Parse(cell.Get("horizon")!, CultureInfo.InvariantCulture);
            var rows = new List<string> { "precision,a,b,mean,std" };
            if (cell.Get("mode") == "lyapunov")
            {
                rows.AddRange(Enumerable.Range(0, points).Select(i => Row("fp64", i, 0, rough && i % 5 == 0 ? 0.02 : -0.001)));
            }
            else if (cell.Get("slice") == "1d")
            {
                double[] values = rough ? Walk(points, 7) : Parabola(points);
                double Gap(int i) => !rough ? 1e-7 : i % 10 == 0 ? 1e-2 : i % 3 != 0 ? 1e-5 * horizon / 100 : 0;
                rows.AddRange(Enumerable.Range(0, points).Select(i => Row("fp32", i, 0, values[i] * (1 + Gap(i)))));
                rows.AddRange(Enumerable.Range(0, points).Select(i => Row("fp64", i, 0, values[i])));
            }
            else
            {
                double[] line = rough ? Walk(points, 11) : Parabola(points);
                rows.AddRange(Enumerable.Range(0, points * points).Select(i => Row("fp64", i % points, i / points, line[i % points] + line[i / points])));
            }

            Write(layout, cell, LandscapeOutput.FileName, rows);
        }
    }

    [Fact]
    public void Fig2ReproducesEachClaimWhenTheDoublePendulumIsRoughChaoticAndAmplifiesRounding()
    {
        var experiment = new Fig2LandscapesExperiment();
        ExperimentReport report = experiment.Report(Data(experiment, Budget.Quick, (plan, layout) => WriteFig2(plan, layout, chaotic: true)));

        Assert.Equal([Verdict.Reproduced, Verdict.Reproduced, Verdict.Reproduced], report.Claims.Select(claim => claim.Verdict));
        // 41 of the 201 points (every fifth) lie above -ln 0.99 in each of the 5 seeds; the gap's median at H = 1000 is 1e-4.
        Assert.Contains("double pendulum 41, 41, 41, 41, 41 of 201", report.Claims[1].Ours, StringComparison.Ordinal);
        Assert.Contains("median 0.0001 vs 1E-07", report.Claims[2].Ours, StringComparison.Ordinal);
    }

    [Fact]
    public void Fig2ReproducesNothingWhenBothSystemsAreSmooth()
    {
        var experiment = new Fig2LandscapesExperiment();
        ExperimentReport report = experiment.Report(Data(experiment, Budget.Quick, (plan, layout) => WriteFig2(plan, layout, chaotic: false)));

        Assert.Equal([Verdict.NotReproduced, Verdict.NotReproduced, Verdict.NotReproduced], report.Claims.Select(claim => claim.Verdict));
    }

    [Fact]
    public void Fig7JudgesStabilisationByTheTailRewardAndCountsAnExplodedRunAsNotStabilised()
    {
        var experiment = new Fig7DoublePendulumExperiment();
        ExperimentData data = Data(experiment, Budget.Smoke, (plan, layout) =>
        {
            foreach (SweepCell run in plan.Sweep.Cells.Where(cell => cell.IsTraining))
            {
                Write(layout, run, RunMetrics.FileName, ["update,step,deterministic_return,policy_distance", "1,200,-300000,0.5", "2,400,-290000,1"]);
            }

            // The K0 run stopped with exit 3 after 2 updates: no checkpoint, no analysis output.
            SweepCell k0 = plan.Sweep.Cells.Single(cell => cell.Id == "init=k0_seed=1");
            (CellStatus.NotStarted(k0.Id) with { State = CellState.Exploded, ExitCode = 3 }).Write(layout.CellStatusPath(k0));

            // The random run's last theta: J over 100 steps -15.6, over the first 90 -15.5995 (tail -5e-5 per step); a smooth Q.
            foreach (SweepCell cell in plan.Sweep.Cells.Where(cell => !cell.IsTraining && cell.Get("run") == "{cells}/init=random_seed=1"))
            {
                string[] rows = (cell.Get("mode"), cell.Get("slice"), cell.Get("horizon")) switch
                {
                    ("policy", _, "100") => [Row("fp64", 0, 0, -15.6)],
                    ("policy", _, "90") => [Row("fp64", 0, 0, -15.5995)],
                    ("q", "1d", _) => [.. Parabola(33).Select((value, i) => Row("fp64", i, 0, value))],
                    _ => [Row("fp64", 0, 0, -0.005)],
                };
                Write(layout, cell, LandscapeOutput.FileName, ["precision,a,b,mean,std", .. rows]);
            }
        });

        IReadOnlyList<Fig7DoublePendulumExperiment.RunResult> results = Fig7DoublePendulumExperiment.Results(data);
        Fig7DoublePendulumExperiment.RunResult k0Run = results.Single(run => run.Init == "k0");
        Fig7DoublePendulumExperiment.RunResult randomRun = results.Single(run => run.Init == "random");
        Assert.Equal(3, k0Run.ExplodedEpoch);
        Assert.False(k0Run.Stabilised);
        Assert.Null(randomRun.ExplodedEpoch);
        Assert.Equal(-5e-5, randomRun.TailReward, 9);
        Assert.True(randomRun.Stabilised);
        Assert.Equal(-300000, randomRun.InitialReturn);
        Assert.Equal(-290000, randomRun.BestReturn);

        ExperimentReport report = experiment.Report(data);
        // K0 arm: 0/1 stabilised; control arm 1/1; Q smooth only for the stabilised (random) run.
        Assert.Equal([Verdict.NotReproduced, Verdict.Reproduced, Verdict.Partly], report.Claims.Select(claim => claim.Verdict));
    }
}
