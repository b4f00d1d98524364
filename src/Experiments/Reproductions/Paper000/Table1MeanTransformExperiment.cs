using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper000;

/// <summary>
/// Seed paper 000, section 4, Table 1: PPO with Table 3's settings on Hopper-v4, Walker2d-v4 and Humanoid-v4 with the
/// policy mean passed through a transform g into the action box (clip, or tanh scaled to the box: 0.4 tanh on
/// Humanoid) or not at all. Paper: clip and tanh never explode, no transform explodes in every run, and the final
/// returns of the transformed runs are low (listed in <see cref="PaperReturns"/>). In fp16, fp32 and fp64.
/// </summary>
public sealed class Table1MeanTransformExperiment : IExperiment
{
    /// <summary>Table 1's final returns (mean, std over 5 runs) per env and transform; none has no finished run.</summary>
    public static readonly IReadOnlyDictionary<(string Env, string Transform), (double Mean, double Std)> PaperReturns = new Dictionary<(string, string), (double, double)>
    {
        [("Hopper-v4", "clip")] = (332, 129),
        [("Hopper-v4", "tanh")] = (234, 106),
        [("Walker2d-v4", "clip")] = (692, 346),
        [("Walker2d-v4", "tanh")] = (434, 60),
        [("Humanoid-v4", "clip")] = (586, 102),
        [("Humanoid-v4", "tanh")] = (530, 72),
    };

    private static readonly string[] Transforms = ["clip", "tanh", "none"];

    private const int QuickUpdates = 20;
    private const int PaperUpdates = 1000;

    /// <inheritdoc />
    public string Id => "000-table1";

    /// <inheritdoc />
    public string Paper => "000";

    /// <inheritdoc />
    public string Target => "section 4, Table 1 (Hopper-v4, Walker2d-v4, Humanoid-v4)";

    /// <inheritdoc />
    public string Claim => "Keeping the policy mean inside the action box (clip or tanh) prevents the explosion (0% against 100% without), at the cost of low final returns.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        var include = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        (int updates, bool narrow, SweepAxis[] axes, string description) = budget switch
        {
            Budget.Smoke => (1, true, (SweepAxis[])[new SweepAxis("env", ["Hopper-v4"]), new SweepAxis("mean-transform", ["clip", "none"]), new SweepAxis("precision", ["fp32"]), new SweepAxis("seed", ["1"])], "1 update on Hopper-v4, clip and none, seed 1, fp32, a [64] policy: the pipeline only."),
            Budget.Quick => (QuickUpdates, false, [new SweepAxis("env", [.. Paper000Settings.Envs]), new SweepAxis("mean-transform", Transforms), new SweepAxis("precision", ["fp32"]), new SweepAxis("seed", ["1"])], $"{QuickUpdates} updates ({QuickUpdates}k steps), seed 1: every env and transform in fp32, and the untransformed mean in fp16 and fp64."),
            _ => (PaperUpdates, false, [new SweepAxis("env", [.. Paper000Settings.Envs]), new SweepAxis("mean-transform", Transforms), new SweepAxis("precision", [.. Paper000Settings.Precisions]), new SweepAxis("seed", Paper000Settings.Seeds(5))], $"{PaperUpdates} updates ({PaperUpdates / 1000}M steps; ours, the paper does not give its length), seeds 1-5, every env and transform in fp16/fp32/fp64."),
        };
        foreach (string env in budget == Budget.Quick ? Paper000Settings.Envs : [])
        {
            foreach (string precision in new[] { "fp16", "fp64" })
            {
                include.Add([new("env", env), new("mean-transform", "none"), new("precision", precision), new("seed", "1"), new("policy-hidden", Paper000Settings.PolicyHidden(env))]);
            }
        }

        List<KeyValuePair<string, string>> options = Paper000Settings.Ppo(updates * (long)Paper000Settings.Horizon);
        options.Add(new("algo", "ppo"));
        var spec = new SweepSpec($"{Id}-{budget.ToString().ToLowerInvariant()}", options, axes, include: include);
        return new ExperimentPlan(Paper000Settings.WithPolicyWidths(spec, cell => narrow ? "64" : Paper000Settings.PolicyHidden(cell.Get("env")!)), description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => Paper000Timing.CellSeconds(cell);

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var claims = new List<ClaimCheck>();
        var table = new StringBuilder();
        table.AppendLine("| env | transform | paper: final return | paper: explosion rate | ours: final return (finished runs) | ours: explosion rate | runs | best return |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (string env in data.Plan.Sweep.Cells.Select(cell => cell.Get("env")!).Distinct())
        {
            var rates = new Dictionary<string, (int Exploded, int Runs)>();
            foreach (string transform in Transforms)
            {
                SweepCell[] cells = [.. data.Where(("env", env), ("mean-transform", transform), ("precision", "fp32"))];
                if (cells.Length == 0)
                {
                    continue;
                }

                CellSummary[] runs = [.. cells.Select(data.Summary)];
                int exploded = runs.Count(run => run.Exploded);
                rates[transform] = (exploded, runs.Length);
                bool hasPaper = PaperReturns.TryGetValue((env, transform), out (double Mean, double Std) paper);
                string ours = Series.MeanStd(runs.Where(run => !run.Exploded).Select(run => run.FinalReturn));
                table.AppendLine(CultureInfo.InvariantCulture, $"| {env} | {transform} | {(hasPaper ? $"{paper.Mean} ± {paper.Std}" : "N/A")} | {(transform == "none" ? "100%" : "0%")} | {ours} | {ReportWriter.Percent((double)exploded / runs.Length)} | {runs.Length} | {Series.MeanStd(runs.Select(run => run.BestReturn))} |");
                if (hasPaper)
                {
                    (double mean, double std, int finished) = Series.MeanAndStd(runs.Where(run => !run.Exploded).Select(run => run.FinalReturn));
                    double gap = Math.Abs(mean - paper.Mean);
                    claims.Add(new(
                        $"{env}, {transform}: the final return is low.",
                        $"{paper.Mean} ± {paper.Std} (000 Table 1)",
                        $"{ours} over {finished} finished fp32 runs",
                        ClaimCheck.Judge(gap <= paper.Std + std, gap <= 2 * (paper.Std + std)),
                        "reproduced: |our mean - the paper's| <= the paper's std + ours (the ±1 std ranges overlap); partly: within twice that; not reproduced otherwise or without a finished run"));
                }
            }

            if (rates.TryGetValue("none", out (int Exploded, int Runs) none))
            {
                (int Exploded, int Runs)[] bounded = [.. rates.Where(pair => pair.Key != "none").Select(pair => pair.Value)];
                int boundedExploded = bounded.Sum(rate => rate.Exploded);
                int boundedRuns = bounded.Sum(rate => rate.Runs);
                double noneRate = (double)none.Exploded / none.Runs;
                double boundedRate = boundedRuns == 0 ? double.NaN : (double)boundedExploded / boundedRuns;
                claims.Add(new(
                    $"{env}: a mean kept in the box does not explode; an untransformed one does.",
                    "clip 0%, tanh 0%, none 100% (000 Table 1)",
                    $"fp32: clip and tanh {boundedExploded}/{boundedRuns} exploded, none {none.Exploded}/{none.Runs}",
                    ClaimCheck.Judge(boundedExploded == 0 && noneRate >= 0.8, boundedRate < noneRate),
                    "reproduced: no clip or tanh run explodes and >= 80% of the untransformed runs do; partly: the untransformed runs explode more often than the transformed ones"));
            }
        }

        var figures = new List<(string, string)>();
        foreach (string env in data.Plan.Sweep.Cells.Select(cell => cell.Get("env")!).Distinct())
        {
            string file = $"return_mean-{env}-fp32.png";
            SweepCollector.GroupedFigure(data.Layout, data.Plan.Sweep, "return_mean", Path.Combine(data.FiguresDirectory, file), logY: false, filter: cell => cell.Get("env") == env && cell.Get("precision") == "fp32", title: $"{env}, fp32: return per mean transform (mean and 95% interval over seeds)");
            figures.Add(($"{env}: return per mean transform, fp32", $"figures/{file}"));
        }

        return new ExperimentReport(
            claims,
            [
                ("Table 1 beside ours", table.ToString() + "\nFinal return: the mean return of a run's last 10 updates, averaged over the runs that did not explode (the paper's \"final return over runs that finish\"); best return: each run's largest update mean return, over all runs."),
                ("Overflow per precision", Paper000Report.PrecisionTable(data, data.Plan.Sweep.Cells, cell => $"{cell.Get("env")} {cell.Get("mean-transform")}")),
                Paper000Report.Deviations(
                    "The length of a run is ours (the paper does not give it); with a shorter budget the returns are not comparable with Table 1's and the return claims are expected to fail.",
                    "tanh is scaled to the box on every env (0.4 tanh on Humanoid-v4, tanh on Hopper-v4 and Walker2d-v4, as Table 1's caption says); clip is clip(mu, low, high)."),
            ],
            figures);
    }
}
