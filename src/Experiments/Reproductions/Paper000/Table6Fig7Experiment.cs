using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper000;

/// <summary>
/// Seed paper 000, appendix B (Table 6, Figure 7, Example B.1), with PPO and Table 3's settings: (a) Hopper-v4 with
/// every reward multiplied by 1, 0.1, 0.01 or 0.001 — the explosion rate does not fall monotonically as the reward
/// shrinks; (b) Walker2d-v4 at several learning rates — PPO does worse as the learning rate decreases; (c) the L2
/// distance between the policy network's outputs now and at initialisation for several widths under Adam and SGD at the
/// same learning rate — Adam's distance grows with the width faster than SGD's. In fp16, fp32 and fp64.
/// </summary>
public sealed class Table6Fig7Experiment : IExperiment
{
    /// <summary>The precision whose runs the claims use: PyTorch's default, which the paper does not change.</summary>
    public const string PaperPrecision = "fp32";

    /// <summary>Table 6's reward scaling factors, largest first.</summary>
    public static readonly IReadOnlyList<string> Scales = ["1", "0.1", "0.01", "0.001"];

    /// <summary>Figure 7a's learning rates, largest first: ours (the paper does not list them), around Table 3's 1e-4.</summary>
    public static readonly IReadOnlyList<string> LearningRates = ["3e-4", "1e-4", "3e-5", "1e-5"];

    private static readonly string[] Optimizers = ["adam", "sgd"];

    /// <summary>Table 6 per scaling factor: final return over finished runs, maximal return over all runs, explosion rate (5 runs each).</summary>
    public static readonly IReadOnlyDictionary<string, (string Final, string Maximal, double Rate)> PaperTable6 = new Dictionary<string, (string, string, double)>
    {
        ["1"] = ("N/A", "1057 ± 593", 1.0),
        ["0.1"] = ("2792 ± 792", "2897 ± 759", 0.2),
        ["0.01"] = ("2366 ± 931", "3167 ± 421", 0.4),
        ["0.001"] = ("2303 ± 0", "2269 ± 933", 0.8),
    };

    private const string WalkerEnv = "Walker2d-v4";

    /// <inheritdoc />
    public string Id => "000-table6-fig7";

    /// <inheritdoc />
    public string Paper => "000";

    /// <inheritdoc />
    public string Target => "appendix B, Table 6 and Figure 7 (reward scale on Hopper-v4, learning rate on Walker2d-v4, Adam vs SGD policy distance)";

    /// <inheritdoc />
    public string Claim => "Large rewards are not the primary cause of the explosion (its rate does not fall monotonically as the reward is scaled down: 100%, 20%, 40%, 80%); PPO's performance deteriorates as the learning rate decreases; as the network widens, Adam moves the policy's outputs away from their initial values faster than SGD does.";

    /// <summary>Which part a cell belongs to: "a" (reward scale), "b" (learning rate) or "c" (optimizer and width).</summary>
    public static string Part(SweepCell cell) => cell.Get("optimizer") is not null ? "c" : cell.Get("env") == WalkerEnv ? "b" : "a";

    /// <summary>The cell's optimizer (Adam when the cell leaves it at the trainer's default).</summary>
    public static string Optimizer(SweepCell cell) => cell.Get("optimizer") ?? "adam";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        Setup setup = budget switch
        {
            Budget.Smoke => new(1, ["1", "0.001"], ["fp32"], 1, "64", "64,64", ["3e-4", "1e-5"], ["fp32"], 1, ["16", "64"], ["fp32"], 1, "1 update, seed 1, fp32: (a) reward scales 1 and 0.001 on Hopper-v4 with a [64] policy, (b) learning rates 3e-4 and 1e-5 on Walker2d-v4 with [64, 64], (c) one hidden layer of 16 and 64 with Adam and SGD: the pipeline only."),
            Budget.Quick => new(40, Scales, Paper000Settings.Precisions, 3, "1024", "1024,1024", LearningRates, ["fp32"], 1, ["64", "256", "1024"], ["fp32"], 1, "40 updates (40k steps) per run: (a) the four reward scales on Hopper-v4 [1024], seeds 1-3, fp16/fp32/fp64; (b) the four learning rates on Walker2d-v4 [1024, 1024] and (c) one hidden layer of 64, 256 and 1024 on Hopper-v4 with Adam and SGD, seed 1, fp32 only: what 45 minutes of two shared cores allow."),
            _ => new(1000, Scales, Paper000Settings.Precisions, 5, "1024", "1024,1024", LearningRates, Paper000Settings.Precisions, 5, ["64", "256", "1024"], Paper000Settings.Precisions, 5, "1M steps (1000 updates) per run, our choice (the paper does not state its training length): (a) the four reward scales on Hopper-v4 [1024], (b) the four learning rates on Walker2d-v4 [1024, 1024], (c) one hidden layer of 64, 256 and 1024 on Hopper-v4 with Adam and SGD; seeds 1-5, fp16/fp32/fp64."),
        };
        var include = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (string precision in setup.RatePrecisions)
        {
            foreach (string seed in Paper000Settings.Seeds(setup.RateSeeds))
            {
                foreach (string rate in setup.Rates)
                {
                    include.Add([new("reward-scale", "1"), new("precision", precision), new("seed", seed), new("env", WalkerEnv), new("policy-hidden", setup.WalkerHidden), new("learning-rate", rate)]);
                }
            }
        }

        foreach (string precision in setup.WidthPrecisions)
        {
            foreach (string seed in Paper000Settings.Seeds(setup.WidthSeeds))
            {
                foreach (string width in setup.Widths)
                {
                    foreach (string optimizer in Optimizers)
                    {
                        // Adam at (a)'s width is (a)'s reward-scale-1 run: the same options, so it is not run twice.
                        bool inPartA = width == setup.HopperHidden && setup.ScalePrecisions.Contains(precision) && Paper000Settings.Seeds(setup.ScaleSeeds).Contains(seed);
                        if (!(optimizer == "adam" && inPartA))
                        {
                            include.Add([new("reward-scale", "1"), new("precision", precision), new("seed", seed), new("policy-hidden", width), new("optimizer", optimizer)]);
                        }
                    }
                }
            }
        }

        var spec = new SweepSpec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            Paper000Settings.With(Paper000Settings.Ppo(setup.Updates * (long)Paper000Settings.Horizon), new("env", "Hopper-v4"), new("policy-hidden", setup.HopperHidden)),
            [
                new SweepAxis("reward-scale", setup.Scales),
                new SweepAxis("precision", setup.ScalePrecisions),
                new SweepAxis("seed", Paper000Settings.Seeds(setup.ScaleSeeds)),
            ],
            include: include);
        return new ExperimentPlan(spec, setup.Description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => Paper000Timing.CellSeconds(cell);

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SweepCell[] all = [.. data.Plan.Sweep.Cells];
        var claims = new List<ClaimCheck>();

        // (a) Table 6.
        string[] scales = [.. Scales.Where(scale => all.Any(cell => Part(cell) == "a" && cell.Get("reward-scale") == scale))];
        SweepCell[] ScaleRuns(string scale, string precision) => [.. all.Where(cell => Part(cell) == "a" && cell.Get("reward-scale") == scale && cell.Get("precision") == precision)];
        double[] rates = [.. scales.Select(scale => Paper000Report.ExplosionRate(data, ScaleRuns(scale, PaperPrecision)))];
        string rateText = string.Join(", ", scales.Select((scale, i) => $"x{scale}: {ReportWriter.Percent(rates[i])} of {ScaleRuns(scale, PaperPrecision).Length}"));
        bool rises = Enumerable.Range(1, Math.Max(0, rates.Length - 1)).Any(i => rates[i] > rates[i - 1]);
        claims.Add(new(
            "The explosion rate does not fall monotonically as the reward is scaled down, so large rewards are not the primary cause.",
            "100%, 20%, 40%, 80% for x1, x0.1, x0.01, x0.001 (000 Table 6)",
            $"{PaperPrecision} explosion rates: {rateText}",
            ClaimCheck.Judge(rises, rates.Length > 0 && rates[^1] > 0),
            $"reproduced: going from one reward scale to the next smaller one, the explosion rate of the {PaperPrecision} Hopper-v4 runs rises at least once; partly: the smallest scale still has explosions"));
        double unscaled = Paper000Report.ExplosionRate(data, ScaleRuns("1", PaperPrecision));
        claims.Add(new(
            "With the unscaled reward every run explodes.",
            "100% (000 Table 6, scaling factor 1)",
            $"{ScaleRuns("1", PaperPrecision).Count(cell => data.Summary(cell).Exploded)}/{ScaleRuns("1", PaperPrecision).Length} {PaperPrecision} runs exploded",
            ClaimCheck.Judge(unscaled == 1, unscaled >= 0.5),
            $"reproduced: every {PaperPrecision} Hopper-v4 run at scale 1 explodes; partly: at least half do"));

        // (b) Figure 7a.
        string[] rateValues = [.. LearningRates.Where(rate => all.Any(cell => Part(cell) == "b" && cell.Get("learning-rate") == rate))];
        SweepCell[] RateRuns(string rate, string precision) => [.. all.Where(cell => Part(cell) == "b" && cell.Get("learning-rate") == rate && cell.Get("precision") == precision)];
        double[] rateFinals = [.. rateValues.Select(rate => Series.MeanAndStd(RateRuns(rate, PaperPrecision).Select(cell => data.Summary(cell).FinalReturn)).Mean)];
        bool decreasing = rateFinals.Length > 1 && Enumerable.Range(1, rateFinals.Length - 1).All(i => rateFinals[i] < rateFinals[i - 1]);
        claims.Add(new(
            "PPO's performance deteriorates as the learning rate decreases (Walker2d-v4).",
            "\"the performance of PPO deteriorates as the learning rate decreases\" (000 Figure 7a; rates not listed)",
            $"{PaperPrecision} final return by learning rate: {string.Join(", ", rateValues.Select((rate, i) => $"{rate}: {ReportWriter.Number(rateFinals[i])} ({RateRuns(rate, PaperPrecision).Count(cell => data.Summary(cell).Exploded)}/{RateRuns(rate, PaperPrecision).Length} exploded)"))}",
            ClaimCheck.Judge(decreasing, rateFinals.Length > 1 && rateFinals[^1] < rateFinals[0]),
            $"reproduced: the mean final return (mean return_mean over a run's last {SweepCollector.FinalUpdates} updates, before the explosion for a run that exploded) of the {PaperPrecision} runs falls strictly from each learning rate to the next smaller one; partly: the smallest rate's is below the largest's"));

        // (c) Figures 7b-c.
        SweepCell[] distanceRuns = DistanceRuns(all);
        SweepCell[] distanceFp32 = [.. distanceRuns.Where(cell => cell.Get("precision") == PaperPrecision)];
        string[] widths = [.. distanceRuns.Select(cell => cell.Get("policy-hidden")!).Distinct().OrderBy(width => int.Parse(width, CultureInfo.InvariantCulture))];
        int commonUpdate = distanceFp32.Length == 0 ? 0 : distanceFp32.Min(cell => LastDistanceUpdate(data, cell));
        double Distance(string optimizer, string width) => Series.MeanAndStd(distanceFp32.Where(cell => Optimizer(cell) == optimizer && cell.Get("policy-hidden") == width).Select(cell => DistanceAt(data, cell, commonUpdate))).Mean;
        double Growth(string optimizer) => widths.Length < 2 ? double.NaN : Distance(optimizer, widths[^1]) / Distance(optimizer, widths[0]);
        double adamGrowth = Growth("adam");
        double sgdGrowth = Growth("sgd");
        bool adamRises = widths.Length > 1 && Enumerable.Range(1, widths.Length - 1).All(i => Distance("adam", widths[i]) > Distance("adam", widths[i - 1]));
        claims.Add(new(
            "As the network widens, the L2 distance between the current and initial policy outputs grows faster under Adam than under SGD.",
            "\"as the network width increases, the growth rate of the L2-distance between the current and initial network under the Adam optimizer grows faster than with SGD\" (000 Figures 7b-c, Example B.1)",
            $"{PaperPrecision} policy_distance at update {commonUpdate} (the last all runs reach), mean over runs: {string.Join("; ", Optimizers.Select(optimizer => $"{optimizer} {string.Join(", ", widths.Select(width => $"[{width}] {ReportWriter.Number(Distance(optimizer, width))}"))}"))}; widest / narrowest: Adam {ReportWriter.Number(adamGrowth)}, SGD {ReportWriter.Number(sgdGrowth)}",
            ClaimCheck.Judge(adamGrowth > sgdGrowth && adamRises, adamGrowth > sgdGrowth),
            $"reproduced: at the last update all {PaperPrecision} runs of (c) reach, the ratio of the mean policy_distance of the widest to the narrowest policy is larger under Adam than under SGD (same learning rate), and Adam's distance rises with every width; partly: the ratio is larger under Adam"));

        var figures = new List<(string, string)>();
        string shown = all.Any(cell => cell.Get("precision") == PaperPrecision) ? PaperPrecision : all[0].Get("precision")!;
        foreach ((string part, string file, string title, string caption) in new[]
        {
            ("a", $"return_mean-reward-scale-{shown}.png", $"Table 6: Hopper-v4 [{all.First(cell => Part(cell) == "a").Get("policy-hidden")}], {shown}: return_mean (unscaled) per reward scale, mean and 95% interval over seeds", $"(a) Hopper-v4: unscaled return per update for each reward scale, {shown}"),
            ("b", $"return_mean-learning-rate-{shown}.png", $"Figure 7a: {WalkerEnv}, {shown}: return_mean per learning rate, mean and 95% interval over seeds", $"(b) Figure 7a, {WalkerEnv}: return per update for each learning rate, {shown}"),
        })
        {
            if (all.Any(cell => Part(cell) == part && cell.Get("precision") == shown))
            {
                SweepCollector.GroupedFigure(data.Layout, data.Plan.Sweep, "return_mean", Path.Combine(data.FiguresDirectory, file), logY: false, filter: cell => Part(cell) == part && cell.Get("precision") == shown, title: title);
                figures.Add((caption, $"figures/{file}"));
            }
        }

        string distanceFile = $"policy_distance-{shown}.png";
        IEnumerable<SweepCell> distanceShown = distanceRuns.Where(cell => cell.Get("precision") == shown).OrderBy(Optimizer, StringComparer.Ordinal).ThenBy(cell => int.Parse(cell.Get("policy-hidden")!, CultureInfo.InvariantCulture)).ThenBy(cell => cell.Get("seed"), StringComparer.Ordinal);
        if (Paper000Report.RunLines(data, distanceShown, cell => $"{Optimizer(cell)} [{cell.Get("policy-hidden")}] seed {cell.Get("seed")}", RunMetrics.FileName, "step", "policy_distance", logY: true, $"Figures 7b-c: Hopper-v4, {shown}: L2 distance of the policy outputs from their initial values", "environment steps", Path.Combine(data.FiguresDirectory, distanceFile)))
        {
            figures.Add(($"(c) Figures 7b-c: policy_distance per update for each width and optimizer, one line per run, {shown}", $"figures/{distanceFile}"));
        }

        return new ExperimentReport(
            claims,
            [
                ("(a) Table 6: reward scale on Hopper-v4", ScaleTable(data, all, scales)),
                ("(b) Figure 7a: learning rate on Walker2d-v4", RateTable(data, all, rateValues)),
                ("(c) Figures 7b-c: policy distance under Adam and SGD", DistanceTable(data, distanceRuns, widths, commonUpdate)),
                ("Overflow per precision", Paper000Report.PrecisionTable(data, all, Variant)),
                Paper000Report.Deviations(
                    "Training length is ours: 1M environment steps per run at the paper budget; the paper does not state it. The quick budget runs 40k steps, and (b) and (c) only in fp32 with one seed.",
                    "Table 6 and Figure 7 do not name the algorithm or its settings: we run PPO with Table 3's (Hopper-v4 [1024], Walker2d-v4 [1024, 1024], lr 1e-4 unless swept).",
                    "The reward scale multiplies every env reward by a fixed factor (--reward-scale), not a running normalisation; returns in the tables and figures are the unscaled env returns, as Table 6's Hopper-scale numbers suggest the paper's are.",
                    "Figure 7a's learning rates are not listed in the paper: ours are 3e-4, 1e-4 (Table 3's), 3e-5 and 1e-5.",
                    "Figures 7b-c do not name the env, the widths, the algorithm or the learning rate: ours are Hopper-v4 (the paper does not say which env), one hidden layer of 64, 256 and 1024, PPO with Table 3's settings, Adam and SGD both at lr 1e-4. The distance is policy_distance: the square root of the mean squared difference between the policy network's outputs now and at initialisation on a fixed batch of states, logged once per update (the paper plots it per step k without saying which steps).",
                    "(c)'s Adam run at Hopper-v4's Table 3 width [1024] is (a)'s reward-scale-1 run of the same seed and precision (identical options), not a separate run.",
                    "\"Final return\" is not defined in the paper: ours is a run's mean return_mean over its last 10 updates, mean ± std (population) over the runs that did not explode (Table 6) or over all runs (Figure 7a).",
                    "The paper's precision is taken to be fp32 (PyTorch's default): the claims use the fp32 runs; fp16 and fp64 are beyond the paper (issue 17 item 7)."),
            ],
            figures);
    }

    /// <summary>The precision table's variant of a cell: its part and what the part varies.</summary>
    private static string Variant(SweepCell cell) => Part(cell) switch
    {
        "a" => $"(a) reward x{cell.Get("reward-scale")}",
        "b" => $"(b) {WalkerEnv} lr {cell.Get("learning-rate")}",
        _ => $"(c) {Optimizer(cell)} [{cell.Get("policy-hidden")}]",
    };

    /// <summary>(c)'s runs: its own cells and (a)'s reward-scale-1 cells of the seeds and precisions (c) runs (its Adam runs at (a)'s width).</summary>
    private static SweepCell[] DistanceRuns(IReadOnlyList<SweepCell> all)
    {
        SweepCell[] own = [.. all.Where(cell => Part(cell) == "c")];
        return
        [
            .. own,
            .. all.Where(cell => Part(cell) == "a" && cell.Get("reward-scale") == "1" && own.Any(other => other.Get("precision") == cell.Get("precision") && other.Get("seed") == cell.Get("seed"))),
        ];
    }

    /// <summary>The last update with a finite policy_distance (0 when none).</summary>
    private static int LastDistanceUpdate(ExperimentData data, SweepCell cell)
    {
        RunMetrics metrics = data.Metrics(cell);
        double[] distance = metrics.Column("policy_distance");
        int row = Array.FindLastIndex(distance, double.IsFinite);
        return row < 0 ? 0 : (int)metrics.Column("update")[row];
    }

    /// <summary>policy_distance at <paramref name="update"/> (NaN when that update has none).</summary>
    private static double DistanceAt(ExperimentData data, SweepCell cell, int update)
    {
        RunMetrics metrics = data.Metrics(cell);
        int row = Array.IndexOf(metrics.Column("update"), (double)update);
        return row < 0 ? double.NaN : metrics.Column("policy_distance")[row];
    }

    private static string ScaleTable(ExperimentData data, IReadOnlyList<SweepCell> all, IEnumerable<string> scales)
    {
        var table = new StringBuilder();
        table.AppendLine("| reward scale | precision | runs | final return, finished runs | maximal return, all runs | explosion rate | updates of explosion | paper: final / maximal / rate |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (string scale in scales)
        {
            foreach (var group in all.Where(cell => Part(cell) == "a" && cell.Get("reward-scale") == scale).GroupBy(cell => cell.Get("precision")!))
            {
                SweepCell[] cells = [.. group];
                (string final, string maximal, double rate) = PaperTable6[scale];
                table.AppendLine(CultureInfo.InvariantCulture, $"| {scale} | {group.Key} | {cells.Length} | {Series.MeanStd(Paper000Report.FinishedFinalReturns(data, cells))} | {Series.MeanStd(cells.Select(cell => data.Summary(cell).BestReturn))} | {ReportWriter.Percent(Paper000Report.ExplosionRate(data, cells))} | {Paper000Report.Range([.. cells.Select(data.Summary).Where(summary => summary.Exploded).Select(summary => summary.ExplodedUpdate ?? 0).Order()])} | {final} / {maximal} / {ReportWriter.Percent(rate)} |");
            }
        }

        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Returns are the unscaled Hopper-v4 returns. Final return: a run's mean return_mean over its last {SweepCollector.FinalUpdates} updates, mean ± std (population) over the runs that did not explode (N/A when all exploded); maximal return: a run's largest return_mean, over all runs, as in Table 6.");
        return table.ToString();
    }

    private static string RateTable(ExperimentData data, IReadOnlyList<SweepCell> all, IEnumerable<string> rates)
    {
        var table = new StringBuilder();
        table.AppendLine("| learning rate | precision | runs | exploded (updates) | final return, all runs | best return, all runs |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (string rate in rates)
        {
            foreach (var group in all.Where(cell => Part(cell) == "b" && cell.Get("learning-rate") == rate).GroupBy(cell => cell.Get("precision")!))
            {
                SweepCell[] cells = [.. group];
                int[] updates = [.. cells.Select(data.Summary).Where(summary => summary.Exploded).Select(summary => summary.ExplodedUpdate ?? 0).Order()];
                table.AppendLine(CultureInfo.InvariantCulture, $"| {rate} | {group.Key} | {cells.Length} | {updates.Length} ({Paper000Report.Range(updates)}) | {Series.MeanStd(cells.Select(cell => data.Summary(cell).FinalReturn))} | {Series.MeanStd(cells.Select(cell => data.Summary(cell).BestReturn))} |");
            }
        }

        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Final return: a run's mean return_mean over its last {SweepCollector.FinalUpdates} updates (before the explosion for a run that exploded), mean ± std (population) over all runs.");
        return table.ToString();
    }

    private static string DistanceTable(ExperimentData data, IReadOnlyList<SweepCell> runs, IEnumerable<string> widths, int commonUpdate)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| optimizer | policy | precision | runs | exploded | policy_distance at update {commonUpdate} | last update with a distance | policy_distance there |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (string optimizer in Optimizers)
        {
            foreach (string width in widths)
            {
                foreach (var group in runs.Where(cell => Optimizer(cell) == optimizer && cell.Get("policy-hidden") == width).GroupBy(cell => cell.Get("precision")!))
                {
                    SweepCell[] cells = [.. group];
                    int[] last = [.. cells.Select(cell => LastDistanceUpdate(data, cell)).Order()];
                    table.AppendLine(CultureInfo.InvariantCulture, $"| {optimizer} | [{width}] | {group.Key} | {cells.Length} | {cells.Count(cell => data.Summary(cell).Exploded)} | {Series.MeanStd(cells.Select(cell => DistanceAt(data, cell, commonUpdate)))} | {Paper000Report.Range(last)} | {Series.MeanStd(cells.Select(cell => DistanceAt(data, cell, LastDistanceUpdate(data, cell))))} |");
                }
            }
        }

        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Update {commonUpdate} is the last update every {PaperPrecision} run of (c) reaches with a finite policy_distance (a run that explodes stops early). Mean ± std (population) over runs.");
        return table.ToString();
    }

    /// <summary>What one budget runs of each part.</summary>
    private sealed record Setup(
        int Updates,
        IReadOnlyList<string> Scales,
        IReadOnlyList<string> ScalePrecisions,
        int ScaleSeeds,
        string HopperHidden,
        string WalkerHidden,
        IReadOnlyList<string> Rates,
        IReadOnlyList<string> RatePrecisions,
        int RateSeeds,
        IReadOnlyList<string> Widths,
        IReadOnlyList<string> WidthPrecisions,
        int WidthSeeds,
        string Description);
}
