using Kernel.Experiments.Reproductions;
using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>Every registered experiment's smoke budget runs end to end: sweep, collect, claims, figures, report.md.</summary>
public sealed class SmokeBudgetTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-reproduce-").FullName;

    public static TheoryData<string> Experiments => [.. ExperimentRegistry.All.Select(experiment => experiment.Id)];

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [MemberData(nameof(Experiments))]
    public async Task TheSmokeBudgetWritesAReportWithAVerdictPerClaim(string id)
    {
        IExperiment experiment = ExperimentRegistry.Find(id);
        var runner = new Reproduction.Runner("local", 2, new SlurmOptions(), TestKernel.Command);
        string? report = await Reproduction.RunAsync(experiment, Budget.Smoke, directory, runner, null, CancellationToken.None);

        Assert.Equal(Path.Combine(directory, "report.md"), report);
        string[] lines = File.ReadAllLines(report!);
        Assert.Equal($"# {id}: paper {experiment.Paper}, {experiment.Target}", lines[0]);
        Assert.Contains($"kernel reproduce {id} --budget smoke", lines);
        ExperimentPlan plan = experiment.Plan(Budget.Smoke);
        IReadOnlyList<CellSummary> cells = SweepCollector.Summaries(SweepLayout.At(Path.Combine(directory, "sweep")), plan.Sweep);
        Assert.All(cells, cell => Assert.True(cell.State is CellState.Finished or CellState.Exploded, $"{cell.Id}: {cell.State}"));

        // One claims row per claim, each with a verdict; every figure the report links exists.
        int header = Array.IndexOf(lines, "| claim | paper | ours | verdict | rule |");
        string[] claims = [.. lines.Skip(header + 2).TakeWhile(line => line.StartsWith('|'))];
        Assert.NotEmpty(claims);
        Assert.All(claims, row => Assert.Matches(@"\| \*\*(reproduced|partly|not reproduced)\*\* \|", row));
        string[] figures = [.. lines.Where(line => line.StartsWith("![", StringComparison.Ordinal)).Select(line => line[(line.IndexOf("](", StringComparison.Ordinal) + 2)..^1])];
        Assert.NotEmpty(figures);
        Assert.All(figures, figure => Assert.True(File.Exists(Path.Combine(directory, figure)), figure));
        Assert.True(File.Exists(Path.Combine(directory, "sweep", "summary.csv")));
    }

    [Fact]
    public void EveryBudgetHasATimeEstimateThatGrowsWithTheBudget()
    {
        foreach (IExperiment experiment in ExperimentRegistry.All)
        {
            double[] seconds = [.. Enum.GetValues<Budget>().Select(budget => TimeEstimate.Seconds(experiment, experiment.Plan(budget), 2, Reproduction.CellOverheadSeconds))];
            Assert.True(seconds[0] < 60, $"{experiment.Id} smoke: {seconds[0]} s");
            Assert.True(seconds[1] <= 45 * 60, $"{experiment.Id} quick: {seconds[1]} s");
            Assert.True(seconds[0] < seconds[1] && seconds[1] <= seconds[2], $"{experiment.Id}: {string.Join(", ", seconds)}");
        }
    }

    [Fact]
    public void CellsAreSpreadOverTheJobsLongestFirst()
    {
        var experiment = new TrustRegionsExperiment();
        ExperimentPlan plan = experiment.Plan(Budget.Quick);
        double[] cells = [.. plan.Sweep.Cells.Select(cell => experiment.EstimateSeconds(cell) + 1)];
        Assert.Equal(cells.Sum(), TimeEstimate.Seconds(experiment, plan, 1, 1), 9);
        Assert.Equal(cells.Max(), TimeEstimate.Seconds(experiment, plan, cells.Length, 1), 9);
    }
}
