using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper000;

/// <summary>
/// Seed paper 000, section 6 (eq 15, Figures 4 and 5): the vanilla policy gradient with clipping (CPG, PPO's clip on
/// the log-ratio instead of the ratio) against PPO on Hopper-v4, Walker2d-v4 and Humanoid-v4, with Table 3's other
/// settings. Figure 4: with narrow policies (width 64) both learn alike. Figure 5: with Table 3's wide policies PPO
/// fails numerically while CPG does not and keeps learning. In fp16, fp32 and fp64.
/// </summary>
public sealed class Fig4Fig5CpgExperiment : IExperiment
{
    /// <summary>Figure 4's "width 64" policy: two hidden layers of 64 (the paper gives the width only).</summary>
    public const string Narrow = "64,64";

    /// <summary>The precision whose runs the claims use: PyTorch's default, which the paper does not change.</summary>
    public const string PaperPrecision = "fp32";

    /// <summary>"Comparable": the two algorithms' mean final returns differ by at most this share of the larger (or by a run-to-run std).</summary>
    public const double ComparableShare = 0.2;

    /// <summary>"PPO fails": at least this share of its wide runs explodes.</summary>
    public const double FailShare = 0.8;

    private static readonly string[] Algos = ["ppo", "cpg"];

    /// <inheritdoc />
    public string Id => "000-fig4-fig5";

    /// <inheritdoc />
    public string Paper => "000";

    /// <inheritdoc />
    public string Target => "section 6, eq 15, Figures 4 and 5 (CPG vs PPO on Hopper-v4, Walker2d-v4, Humanoid-v4)";

    /// <inheritdoc />
    public string Claim => "With narrow (width 64) policies CPG performs comparably to PPO; with Table 3's wide policies PPO fails from gradient explosion while CPG avoids numerical issues and keeps learning.";

    /// <summary>"narrow" for Figure 4's policy, "wide" for Figure 5's (Table 3's, or its smoke stand-in).</summary>
    public static string Width(SweepCell cell) => cell.Get("policy-hidden") == Narrow ? "narrow" : "wide";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        IReadOnlyList<string> table3 = [.. Paper000Settings.Envs.Select(Paper000Settings.PolicyHidden).Distinct()];
        (int updates, int seeds, IReadOnlyList<string> envs, IReadOnlyList<string> widths, IReadOnlyList<string> precisions, string description) = budget switch
        {
            Budget.Smoke => (1, 1, (IReadOnlyList<string>)["Hopper-v4"], (IReadOnlyList<string>)[Narrow, "64"], (IReadOnlyList<string>)["fp32"], "1 update, seed 1, Hopper-v4 only, fp32; a one-layer [64] policy stands in for the wide one: the pipeline only."),
            Budget.Quick => (12, 1, Paper000Settings.Envs, [Narrow, .. table3], Paper000Settings.Precisions, "12 updates (12k steps) per run, seed 1, the three envs with [64, 64] and Table 3's policies, fp16/fp32/fp64: what 45 minutes of two shared cores allow with the wide Walker2d-v4 and Humanoid-v4 policies; it shows explosions and the start of learning, not the curves of Figures 4-5."),
            _ => (1000, 5, Paper000Settings.Envs, [Narrow, .. table3], Paper000Settings.Precisions, "1M steps (1000 updates) per run, our choice (the paper does not state its training length), seeds 1-5, the three envs with [64, 64] and Table 3's policies, fp16/fp32/fp64."),
        };
        var spec = new SweepSpec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            Paper000Settings.Ppo(updates * (long)Paper000Settings.Horizon),
            [
                new SweepAxis("env", envs),
                new SweepAxis("policy-hidden", widths),
                new SweepAxis("algo", Algos),
                new SweepAxis("precision", precisions),
                new SweepAxis("seed", Paper000Settings.Seeds(seeds)),
            ],
            exclude: Paper000Settings.OtherEnvsTable3Widths(envs, widths));
        return new ExperimentPlan(spec, description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => Paper000Timing.CellSeconds(cell);

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string[] envs = [.. data.Plan.Sweep.Cells.Select(cell => cell.Get("env")!).Distinct()];
        SweepCell[] Runs(string env, string width, string algo, string precision) =>
            [.. data.Where(("env", env), ("algo", algo), ("precision", precision)).Where(cell => Width(cell) == width)];

        var claims = new List<ClaimCheck>();
        foreach (string env in envs)
        {
            SweepCell[] ppo = Runs(env, "narrow", "ppo", PaperPrecision);
            SweepCell[] cpg = Runs(env, "narrow", "cpg", PaperPrecision);
            if (ppo.Length > 0 && cpg.Length > 0)
            {
                (double ppoMean, double ppoStd, int ppoCount) = Series.MeanAndStd(Paper000Report.FinishedFinalReturns(data, ppo));
                (double cpgMean, double cpgStd, int cpgCount) = Series.MeanAndStd(Paper000Report.FinishedFinalReturns(data, cpg));
                double difference = Math.Abs(cpgMean - ppoMean);
                double tolerance = Math.Max(Math.Max(ppoStd, cpgStd), ComparableShare * Math.Max(Math.Abs(ppoMean), Math.Abs(cpgMean)));
                claims.Add(new(
                    $"With a narrow policy CPG's final return on {env} is comparable to PPO's.",
                    "\"both achieve similar performance across all three environments\" (000 Figure 4, width 64)",
                    $"final return, finished {PaperPrecision} runs: CPG {Series.MeanStd(Paper000Report.FinishedFinalReturns(data, cpg))} ({cpgCount}/{cpg.Length}), PPO {Series.MeanStd(Paper000Report.FinishedFinalReturns(data, ppo))} ({ppoCount}/{ppo.Length}); |difference| {ReportWriter.Number(difference)}, tolerance {ReportWriter.Number(tolerance)}",
                    ClaimCheck.Judge(difference <= tolerance, cpgMean >= ppoMean - (0.5 * Math.Abs(ppoMean))),
                    $"reproduced: |CPG mean - PPO mean| of the final returns (mean return_mean over a run's last {SweepCollector.FinalUpdates} updates, {PaperPrecision} runs that did not explode) is at most the larger of the two std over runs and {ComparableShare:0.#} x the larger |mean|; partly: CPG's mean is at least PPO's mean less half of |PPO's mean|"));
            }

            SweepCell[] widePpo = Runs(env, "wide", "ppo", PaperPrecision);
            SweepCell[] wideCpg = Runs(env, "wide", "cpg", PaperPrecision);
            if (widePpo.Length > 0 && wideCpg.Length > 0)
            {
                double ppoRate = Paper000Report.ExplosionRate(data, widePpo);
                double cpgRate = Paper000Report.ExplosionRate(data, wideCpg);
                double cpgFinal = Series.MeanAndStd(wideCpg.Select(cell => data.Summary(cell).FinalReturn)).Mean;
                double cpgFirst = Series.MeanAndStd(wideCpg.Select(cell => Paper000Report.FirstReturn(data, cell))).Mean;
                string hidden = wideCpg[0].Get("policy-hidden")!.Replace(",", ", ", StringComparison.Ordinal);
                claims.Add(new(
                    $"With the wide policy on {env} PPO fails numerically while CPG does not explode and keeps learning.",
                    "\"PPO completely fails due to gradient explosion, our algorithm avoids numerical issues and continues to produce reasonable results\" (000 Figure 5)",
                    $"[{hidden}], {PaperPrecision}: PPO exploded in {widePpo.Count(cell => data.Summary(cell).Exploded)}/{widePpo.Length} runs (updates {Paper000Report.Range([.. widePpo.Select(data.Summary).Where(summary => summary.Exploded).Select(summary => summary.ExplodedUpdate ?? 0).Order()])}), CPG in {wideCpg.Count(cell => data.Summary(cell).Exploded)}/{wideCpg.Length}; CPG's mean return: first update {ReportWriter.Number(cpgFirst)}, final {ReportWriter.Number(cpgFinal)}",
                    ClaimCheck.Judge(ppoRate >= FailShare && cpgRate == 0 && cpgFinal > cpgFirst, ppoRate > cpgRate),
                    $"reproduced: >= {ReportWriter.Percent(FailShare)} of PPO's wide {PaperPrecision} runs explode, none of CPG's does, and CPG's final return (mean over runs of the mean return_mean of the last {SweepCollector.FinalUpdates} updates) exceeds its mean return_mean of the first update; partly: PPO's explosion rate is above CPG's"));
            }
        }

        var table = new StringBuilder();
        table.AppendLine("| env | policy | algo | precision | runs | exploded (updates) | first-update return | final return, finished runs | best return, all runs |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var group in data.Plan.Sweep.Cells.GroupBy(cell => (Env: cell.Get("env")!, Hidden: cell.Get("policy-hidden")!, Algo: cell.Get("algo")!, Precision: cell.Get("precision")!)))
        {
            SweepCell[] cells = [.. group];
            int[] updates = [.. cells.Select(data.Summary).Where(summary => summary.Exploded).Select(summary => summary.ExplodedUpdate ?? 0).Order()];
            table.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Env} | [{group.Key.Hidden.Replace(",", ", ", StringComparison.Ordinal)}] | {group.Key.Algo} | {group.Key.Precision} | {cells.Length} | {updates.Length} ({Paper000Report.Range(updates)}) | {Series.MeanStd(cells.Select(cell => Paper000Report.FirstReturn(data, cell)))} | {Series.MeanStd(Paper000Report.FinishedFinalReturns(data, cells))} | {Series.MeanStd(cells.Select(cell => data.Summary(cell).BestReturn))} |");
        }

        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Mean ± std (population) over runs. First-update return: return_mean of a run's first update with a finished episode; final return: mean return_mean over a run's last {SweepCollector.FinalUpdates} updates, over the runs that did not explode; best return: largest return_mean, over all runs.");

        var figures = new List<(string, string)>();
        string shown = data.Plan.Sweep.Cells.Any(cell => cell.Get("precision") == PaperPrecision) ? PaperPrecision : data.Plan.Sweep.Cells[0].Get("precision")!;
        foreach (string width in new[] { "narrow", "wide" })
        {
            foreach (string env in envs)
            {
                SweepCell[] cells = [.. data.Where(("env", env), ("precision", shown)).Where(cell => Width(cell) == width)];
                if (cells.Length == 0)
                {
                    continue;
                }

                string hidden = cells[0].Get("policy-hidden")!.Replace(",", ", ", StringComparison.Ordinal);
                string figure = width == "narrow" ? "Figure 4" : "Figure 5";
                string file = $"return_mean-{width}-{env}-{shown}.png";
                SweepCollector.GroupedFigure(data.Layout, data.Plan.Sweep, "return_mean", Path.Combine(data.FiguresDirectory, file), logY: false, filter: cells.Contains, title: $"{figure}: {env}, policy [{hidden}], {shown}: return_mean per algorithm, mean and 95% interval over seeds");
                figures.Add(($"{figure} ({width} policy [{hidden}]): {env}, {shown}, CPG and PPO", $"figures/{file}"));
            }
        }

        return new ExperimentReport(
            claims,
            [
                ("Per environment, policy, algorithm and precision", table.ToString()),
                ("Overflow per precision", Paper000Report.PrecisionTable(data, data.Plan.Sweep.Cells, cell => $"{cell.Get("env")} {Width(cell)} {cell.Get("algo")}")),
                Paper000Report.Deviations(
                    "Training length is ours: 1M environment steps per run at the paper budget; the paper does not state it. The quick budget's 12k steps show whether and when runs explode and the first updates of learning only.",
                    "Figure 4's \"width 64\" is read as two hidden layers of 64 ([64, 64]); the paper gives only the width.",
                    "CPG (eq 15) runs with Table 3's PPO hyperparameters (epsilon 0.2, 10 epochs, minibatch 64, lr 1e-4): the paper lists none for CPG separately.",
                    "The paper's precision is taken to be fp32 (PyTorch's default): the claims use the fp32 runs; fp16 and fp64 are beyond the paper (issue 17 item 7).",
                    "\"Comparable\" and \"keeps learning\" are not quantified in the paper: the rules in the claims table are ours."),
            ],
            figures);
    }
}
