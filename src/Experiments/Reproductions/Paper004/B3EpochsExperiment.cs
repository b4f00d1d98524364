using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper004;

/// <summary>
/// Seed paper 004, appendix B.3 (Figure 7): A2C and REINFORCE on HalfCheetah with 1 update epoch per batch (Table 2's)
/// and with 5, over 1M steps. With one epoch their KL between successive policies stays low; with five the KL
/// diverges and the policies collapse with an abrupt loss of return.
/// </summary>
public sealed class B3EpochsExperiment : IExperiment
{
    /// <summary>Figure 7's update epochs.</summary>
    public static readonly IReadOnlyList<string> Epochs = ["1", "5"];

    /// <summary>Figure 7's x-axis: 1M environment steps (61 batches of 8 x 2048 rounded up to 62; 496 of REINFORCE's 2048).</summary>
    public const long Steps = 1_015_808;

    /// <summary>"Diverging KL": the 5-epoch runs' largest kl_mean at least this multiple of the 1-epoch runs' median.</summary>
    public const double DivergeFactor = 100;

    /// <summary>The weaker level of the same rule.</summary>
    public const double NoticeableFactor = 10;

    private static readonly string[] Algos = ["a2c", "reinforce"];

    /// <inheritdoc />
    public string Id => "004-b3";

    /// <inheritdoc />
    public string Paper => "004";

    /// <inheritdoc />
    public string Target => "appendix B.3, Figure 7 (1 vs 5 update epochs for A2C and REINFORCE on HalfCheetah)";

    /// <inheritdoc />
    public string Claim => "A2C's and REINFORCE's KL is low because they take one update epoch per batch; with five epochs the KL diverges and both policies collapse with an abrupt loss of return.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        (long steps, int seeds, List<KeyValuePair<string, string>> overrides, string description) = budget switch
        {
            Budget.Smoke => (1024L, 1, new List<KeyValuePair<string, string>> { new("rollout-steps", "64"), new("minibatch-size", "64"), new("eval-every", "1"), new("eval-episodes", "1") },
                "1024 steps, seed 1, 64-step unrolls, 1 evaluation episode: the pipeline only."),
            Budget.Quick => (Steps, Paper004Settings.PaperSeeds, [], "The paper's setting: 1M steps (Figure 7's x-axis) per run, seeds 1-3; it fits the quick budget."),
            _ => (Steps, Paper004Settings.PaperSeeds, [], "1M steps (Figure 7's x-axis) per run, seeds 1-3."),
        };
        SweepSpec spec = Paper004Settings.Spec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            steps,
            [new SweepAxis("env", ["HalfCheetah-v4"]), new SweepAxis("algo", Algos), new SweepAxis("epochs", Epochs), new SweepAxis("seed", Paper004Settings.Seeds(seeds))],
            overrides);
        return new ExperimentPlan(spec, description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => Paper004Timing.CellSeconds(cell);

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SweepCell[] Runs(string algo, string epochs) => [.. data.Where(("algo", algo), ("epochs", epochs))];
        var claims = new List<ClaimCheck>();
        var ratios = new Dictionary<string, double>();
        foreach (string algo in Algos)
        {
            double baseline = Series.Median(Paper004Report.SettledKl(data, Runs(algo, "1")));
            ratios[algo] = Series.MeanAndStd(Runs(algo, "5").Select(cell => Paper004Report.LargestKl(data, cell))).Mean / baseline;
        }

        claims.Add(new(
            "With five epochs A2C's and REINFORCE's KL between successive policies diverges; with one it stays low.",
            "\"when using multiple epochs, the policies collapse for both algorithms as visible by the diverging KL divergence\" (004 B.3, Figure 7)",
            $"largest kl_mean of a 5-epoch run (mean over seeds) over the 1-epoch runs' median settled kl_mean: {string.Join(", ", Algos.Select(algo => $"{Paper004Settings.Display(algo)} {ReportWriter.Number(ratios[algo])} x"))}",
            ClaimCheck.Judge(ratios.Values.All(ratio => ratio >= DivergeFactor), ratios.Values.Any(ratio => ratio >= NoticeableFactor)),
            $"reproduced: for both algorithms the mean over seeds of a 5-epoch run's largest kl_mean is at least {DivergeFactor:0} x the median kl_mean of the 1-epoch runs after their first 10% of updates; partly: for one at least {NoticeableFactor:0} x"));

        int[] collapsed = [.. Algos.Select(algo => Runs(algo, "5").Count(cell => Paper004Report.Collapsed(data, cell)))];
        int[] runs = [.. Algos.Select(algo => Runs(algo, "5").Length)];
        claims.Add(new(
            "With five epochs both policies collapse with an abrupt loss of return.",
            "\"the policies collapse for both algorithms as visible by the diverging KL divergence and abrupt performance loss\" (004 B.3)",
            $"5-epoch runs whose return collapsed: {string.Join(", ", Algos.Select((algo, i) => $"{Paper004Settings.Display(algo)} {collapsed[i]}/{runs[i]}"))}; 1-epoch runs: {string.Join(", ", Algos.Select(algo => $"{Paper004Settings.Display(algo)} {Runs(algo, "1").Count(cell => Paper004Report.Collapsed(data, cell))}/{Runs(algo, "1").Length}"))}",
            ClaimCheck.Judge(Algos.Select((_, i) => 2 * collapsed[i] > runs[i]).All(majority => majority), collapsed.Sum() > 0),
            "reproduced: a majority of each algorithm's 5-epoch runs collapsed (the last evaluation return is below the run's best by more than half of its gain from the first evaluation to the best); partly: at least one run did"));

        IGrouping<string, SweepCell>[] groups = [.. data.Plan.Sweep.Cells.GroupBy(cell => $"{Paper004Settings.Display(cell.Get("algo")!)}, {cell.Get("epochs")} epoch{(cell.Get("epochs") == "1" ? string.Empty : "s")}")];
        var figures = new List<(string, string)>();
        if (Paper004Report.ReturnCurves(data, groups, "Figure 7 (left): HalfCheetah-v4, evaluation return per algorithm and epochs, mean ± std over seeds", Path.Combine(data.FiguresDirectory, "eval-return.png")))
        {
            figures.Add(("Figure 7 (left): evaluation return per algorithm and number of epochs", "figures/eval-return.png"));
        }

        if (Paper004Report.KlCurves(data, groups, "Figure 7 (right): HalfCheetah-v4, mean KL per update, log scale", Path.Combine(data.FiguresDirectory, "kl-mean.png")))
        {
            figures.Add(("Figure 7 (right): mean KL between successive policies per algorithm and number of epochs (log scale)", "figures/kl-mean.png"));
        }

        string[] variants = [.. Algos.SelectMany(algo => Epochs.Select(epochs => $"{algo}/{epochs}"))];
        return new ExperimentReport(
            claims,
            [
                ("Final return and area under the curve", Paper004Report.RankingTable(data, ["HalfCheetah-v4"], variants, (_, variant) => Runs(variant.Split('/')[0], variant.Split('/')[1]), variant => $"{Paper004Settings.Display(variant.Split('/')[0])}, {variant.Split('/')[1]} epoch{(variant.EndsWith("/1", StringComparison.Ordinal) ? string.Empty : "s")}")),
                ("Throughput", Paper004Report.ThroughputTable(data, groups)),
                Paper004Report.Deviations(
                    "Figure 7 does not state its seeds; we run 3 as in Figure 4.",
                    "\"Diverging\" and \"collapse\" are not quantified in the paper: the rules in the claims table are ours."),
            ],
            figures);
    }
}
