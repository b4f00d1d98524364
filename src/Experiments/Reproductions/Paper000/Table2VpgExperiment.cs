using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper000;

/// <summary>
/// Seed paper 000, section 6 and Table 2: the vanilla policy gradient (eq 13, Table 4's hyperparameters: one gradient
/// step on each 1000-step batch, Table 3's widths) on Hopper-v4, Walker2d-v4 and Humanoid-v4 never explodes, although
/// its returns are poor. Five seeds, in fp16, fp32 and fp64.
/// </summary>
public sealed class Table2VpgExperiment : IExperiment
{
    /// <summary>Table 2: final return (mean, std over 5 runs) per env; the explosion rate is 0% for each.</summary>
    public static readonly IReadOnlyDictionary<string, (double Mean, double Std)> PaperReturns = new Dictionary<string, (double, double)>
    {
        ["Hopper-v4"] = (536, 254),
        ["Walker2d-v4"] = (195, 135),
        ["Humanoid-v4"] = (355, 191),
    };

    /// <summary>The precision whose runs the claims use: PyTorch's default, which the paper does not change.</summary>
    public const string PaperPrecision = "fp32";

    /// <inheritdoc />
    public string Id => "000-table2";

    /// <inheritdoc />
    public string Paper => "000";

    /// <inheritdoc />
    public string Target => "section 6, Table 2 (vanilla policy gradient on Hopper-v4, Walker2d-v4, Humanoid-v4)";

    /// <inheritdoc />
    public string Claim => "The vanilla policy gradient, whose objective has no probability ratio, does not explode (0% on all three envs), although its final returns are poor (536 ± 254, 195 ± 135, 355 ± 191).";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        (int updates, int seeds, IReadOnlyList<string> envs, bool narrow, IReadOnlyList<string> precisions, string description) = budget switch
        {
            Budget.Smoke => (1, 1, (IReadOnlyList<string>)["Hopper-v4"], true, (IReadOnlyList<string>)["fp32"], "1 update, seed 1, Hopper-v4 only, fp32, a [64, 64] policy: the pipeline only."),
            Budget.Quick => (25, 3, Paper000Settings.Envs, false, Paper000Settings.Precisions, "25 updates (25k steps) per run, seeds 1-3, the three envs with Table 4's widths, fp16/fp32/fp64: what 45 minutes of two shared cores allow, so the returns are those of early training (the paper budget runs 1M steps)."),
            _ => (1000, 5, Paper000Settings.Envs, false, Paper000Settings.Precisions, "1M steps (1000 updates) per run, our choice (the paper does not state its training length), seeds 1-5, the three envs with Table 4's widths, fp16/fp32/fp64."),
        };
        var spec = new SweepSpec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            Paper000Settings.With(Paper000Settings.Ppo(updates * (long)Paper000Settings.Horizon), Paper000Settings.VpgOverrides),
            [new SweepAxis("env", envs), new SweepAxis("precision", precisions), new SweepAxis("seed", Paper000Settings.Seeds(seeds))]);
        spec = Paper000Settings.WithPolicyWidths(spec, cell => narrow ? "64,64" : Paper000Settings.PolicyHidden(cell.Get("env")!));
        return new ExperimentPlan(spec, description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => Paper000Timing.CellSeconds(cell);

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string[] envs = [.. data.Plan.Sweep.Cells.Select(cell => cell.Get("env")!).Distinct()];
        var claims = new List<ClaimCheck>();
        foreach (string env in envs)
        {
            SweepCell[] cells = [.. data.Where(("env", env), ("precision", PaperPrecision))];
            (double paperMean, double paperStd) = PaperReturns[env];
            double[] finals = Paper000Report.FinishedFinalReturns(data, cells);
            (double mean, double std, int finished) = Series.MeanAndStd(finals);
            double gap = Math.Abs(mean - paperMean);
            claims.Add(new(
                $"VPG's final return on {env}.",
                $"{paperMean:0} ± {paperStd:0} (000 Table 2)",
                $"{Series.MeanStd(finals)} over {finished}/{cells.Length} {PaperPrecision} runs that finished",
                ClaimCheck.Judge(gap <= paperStd + std, gap <= 2 * (paperStd + std)),
                $"reproduced: the final return (mean return_mean over a run's last {SweepCollector.FinalUpdates} updates) of the {PaperPrecision} runs that did not explode, mean ± std over runs, overlaps the paper's ±1 std range (|our mean - the paper's| <= the paper's std + ours); partly: within twice that; not reproduced otherwise or without a finished run"));

            int exploded = cells.Count(cell => data.Summary(cell).Exploded);
            double rate = Paper000Report.ExplosionRate(data, cells);
            claims.Add(new(
                $"VPG does not explode on {env}.",
                "0% (000 Table 2)",
                $"{exploded}/{cells.Length} {PaperPrecision} runs exploded ({ReportWriter.Percent(rate)}); all precisions: {string.Join(", ", Paper000Settings.Precisions.Select(precision => (Precision: precision, Cells: data.Where(("env", env), ("precision", precision)).ToArray())).Where(group => group.Cells.Length > 0).Select(group => $"{group.Precision} {group.Cells.Count(cell => data.Summary(cell).Exploded)}/{group.Cells.Length}"))}",
                ClaimCheck.Judge(cells.Length > 0 && exploded == 0, rate <= 0.2),
                $"reproduced: none of the {PaperPrecision} runs explodes; partly: at most 20% do"));
        }

        var table = new StringBuilder();
        table.AppendLine("| env | policy | precision | runs | exploded (updates) | final return, finished runs | best return, all runs | paper (fp32 assumed) |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var group in data.Plan.Sweep.Cells.GroupBy(cell => (Env: cell.Get("env")!, Hidden: cell.Get("policy-hidden")!, Precision: cell.Get("precision")!)))
        {
            SweepCell[] cells = [.. group];
            int[] updates = [.. cells.Select(data.Summary).Where(summary => summary.Exploded).Select(summary => summary.ExplodedUpdate ?? 0).Order()];
            (double paperMean, double paperStd) = PaperReturns[group.Key.Env];
            table.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Env} | [{group.Key.Hidden.Replace(",", ", ", StringComparison.Ordinal)}] | {group.Key.Precision} | {cells.Length} | {updates.Length} ({Paper000Report.Range(updates)}) | {Series.MeanStd(Paper000Report.FinishedFinalReturns(data, cells))} | {Series.MeanStd(cells.Select(cell => data.Summary(cell).BestReturn))} | {paperMean:0} ± {paperStd:0}, 0% |");
        }

        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Final return: each run's mean return_mean over its last {SweepCollector.FinalUpdates} updates, then mean ± std (population) over the runs that finished without exploding; best return: each run's largest return_mean, over all runs.");

        var figures = new List<(string, string)>();
        foreach (string env in envs)
        {
            string file = $"return_mean-{env}.png";
            SweepCollector.GroupedFigure(data.Layout, data.Plan.Sweep, "return_mean", Path.Combine(data.FiguresDirectory, file), logY: false, filter: cell => cell.Get("env") == env, title: $"VPG on {env}: return_mean per precision, mean and 95% interval over seeds");
            figures.Add(($"VPG on {env}: return per update, one line per precision", $"figures/{file}"));
        }

        return new ExperimentReport(
            claims,
            [
                ("Per environment and precision", table.ToString()),
                ("Overflow per precision", Paper000Report.PrecisionTable(data, data.Plan.Sweep.Cells, cell => $"{cell.Get("env")} vpg")),
                Paper000Report.Deviations(
                    "Training length is ours: 1M environment steps per run at the paper budget; the paper does not state how long it trained. The quick budget's 25k steps give early-training returns.",
                    "Table 4 lists no epochs or minibatch size: VPG takes one gradient step on the whole 1000-step batch per update.",
                    "\"Final return\" is not defined in the paper: ours is a run's mean return_mean over its last 10 updates, reported as mean ± std (population) over the runs that did not explode.",
                    "The paper's precision is taken to be fp32 (PyTorch's default): the claims use the fp32 runs; fp16 and fp64 are beyond the paper (issue 17 item 7)."),
            ],
            figures);
    }
}
