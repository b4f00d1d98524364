using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper000;

/// <summary>
/// Seed paper 000, section 5 and appendix A.2 (Figure 3), on Humanoid-v4: with the initial policy's mean shifted out
/// of the action box by c = 100 and identity covariance, (a) PPO's clipped objective lets the largest ratio grow
/// exponentially while the mean KL stays small, (b) the KL-penalised objective (eq 12, b = 0.01) does not stop it, and
/// (c) with no constraint the gradient explodes within 4 optimisation steps. Measured per optimisation step (each
/// minibatch step: <c>--log-steps true</c>'s steps.csv), in fp16, fp32 and fp64.
/// </summary>
public sealed class Fig3ConstraintsExperiment : IExperiment
{
    /// <summary>A.2's mean shift c.</summary>
    public const double MeanShift = 100;

    /// <summary>"Exponentially large": a ratio of at least 10^10 after clipping.</summary>
    public const double LargeRatioDecades = 10;

    /// <summary>"The KL stays small": the minibatch's mean KL(old || new) at most this many nats where the ratio is largest.</summary>
    public const double SmallKl = 1;

    private static readonly (string Algo, string Panel)[] Variants = [("ppo", "(a) ratio clipping"), ("ppo-kl", "(b) KL penalty"), ("ppo-noclip", "(c) no constraint")];

    /// <inheritdoc />
    public string Id => "000-fig3";

    /// <inheritdoc />
    public string Paper => "000";

    /// <inheritdoc />
    public string Target => "section 5 and appendix A.2, Figure 3 (Humanoid-v4)";

    /// <inheritdoc />
    public string Claim => "Neither the KL divergence nor ratio clipping nor a KL penalty keeps the probability ratio from growing exponentially; without a constraint the gradient explodes within 4 optimisation steps.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        (int updates, int seeds, string hidden, IReadOnlyList<string> precisions, string description) = budget switch
        {
            Budget.Smoke => (1, 1, "64,64", (IReadOnlyList<string>)["fp32"], "1 update (160 optimisation steps), seed 1, fp32, a [64, 64] policy: the pipeline only."),
            Budget.Quick => (3, 3, "1024,1024", Paper000Settings.Precisions, "3 updates (480 optimisation steps) or until the explosion, seeds 1-3, fp16/fp32/fp64."),
            _ => (20, 5, "1024,1024", Paper000Settings.Precisions, "20 updates (3200 optimisation steps) or until the explosion, seeds 1-5, fp16/fp32/fp64; the paper plots one run of each and does not say how long."),
        };
        List<KeyValuePair<string, string>> options = Paper000Settings.Ppo(updates * (long)Paper000Settings.Horizon);
        options.RemoveAll(option => option.Key == "initial-std");
        options.AddRange(
        [
            new("env", "Humanoid-v4"), new("policy-hidden", hidden), new("mean-shift", SweepSpec.Text(MeanShift)),
            new("initial-std", "1"), new("log-steps", "true"),
        ]);
        var spec = new SweepSpec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            options,
            [
                new SweepAxis("algo", budget == Budget.Smoke ? ["ppo", "ppo-noclip"] : [.. Variants.Select(variant => variant.Algo)]),
                new SweepAxis("precision", precisions),
                new SweepAxis("seed", Paper000Settings.Seeds(seeds)),
            ]);
        return new ExperimentPlan(spec, description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell)
    {
        // The unconstrained runs end in their first update (the replay under the monitor costs about one more).
        double updates = cell.Get("algo") == "ppo-noclip" ? Math.Min(2, Paper000Settings.Updates(cell)) : Paper000Settings.Updates(cell);
        return updates * Paper000Timing.UpdateSeconds(cell);
    }

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var claims = new List<ClaimCheck>();
        var table = new StringBuilder();
        table.AppendLine("| variant | precision | seed | steps logged | exploded at step | largest log10 ratio (after clipping) | at step | mean KL there | largest mean KL | largest log10 ratio before clipping |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach ((string algo, string panel) in Variants)
        {
            SweepCell[] cells = [.. data.Where(("algo", algo))];
            if (cells.Length == 0)
            {
                continue;
            }

            foreach (SweepCell cell in cells)
            {
                StepLog log = StepLog.Read(data, cell);
                table.AppendLine(CultureInfo.InvariantCulture, $"| {panel} | {cell.Get("precision")} | {cell.Get("seed")} | {log.Steps} | {(log.ExplodedStep is int s ? s.ToString(CultureInfo.InvariantCulture) : "—")} | {ReportWriter.Number(log.LargestRatio)} | {(log.LargestRatioStep is int r ? r.ToString(CultureInfo.InvariantCulture) : "—")} | {ReportWriter.Number(log.KlAtLargestRatio)} | {ReportWriter.Number(log.LargestKl)} | {ReportWriter.Number(log.LargestRawRatio)} |");
            }

            SweepCell[] wide = [.. cells.Where(cell => cell.Get("precision") is "fp32" or "fp64")];
            StepLog[] logs = [.. wide.Select(cell => StepLog.Read(data, cell))];
            if (algo == "ppo-noclip")
            {
                int within = logs.Count(log => log.ExplodedStep <= 4);
                int exploded = logs.Count(log => log.ExplodedStep is not null);
                claims.Add(new(
                    "Without a constraint the gradient explodes within 4 optimisation steps.",
                    "(c) explodes within 4 steps (000 Figure 3c, section 5)",
                    $"fp32/fp64 runs exploding by step 4: {within}/{logs.Length}; exploding at all: {exploded}/{logs.Length} (steps {Paper000Report.Range([.. logs.Where(log => log.ExplodedStep is not null).Select(log => log.ExplodedStep!.Value).Order()])})",
                    ClaimCheck.Judge(logs.Length > 0 && within >= 0.8 * logs.Length, exploded > 0),
                    "reproduced: >= 80% of the fp32/fp64 ppo-noclip runs have a non-finite loss or gradient at optimisation step <= 4 (steps.csv); partly: at least one explodes later"));
            }
            else
            {
                int large = logs.Count(log => log.LargestRatio >= LargeRatioDecades && log.KlAtLargestRatio <= SmallKl);
                int grew = logs.Count(log => log.LargestRatio >= LargeRatioDecades);
                claims.Add(new(
                    algo == "ppo"
                        ? "Under ratio clipping the largest ratio grows exponentially while the mean KL stays small."
                        : "The KL-penalised objective (eq 12) does not stop the ratio from growing exponentially.",
                    algo == "ppo" ? "(a): max log10 ratio after clipping grows steadily while log10 KL stays small (000 Figure 3a)" : "(b): the ratio still grows exponentially (000 Figure 3b)",
                    $"fp32/fp64 runs with a ratio >= 1e{LargeRatioDecades:0} at a step whose mean KL is <= {SmallKl:0.#}: {large}/{logs.Length}; with a ratio >= 1e{LargeRatioDecades:0} at all: {grew}/{logs.Length}; largest log10 ratios {string.Join(", ", logs.Select(log => ReportWriter.Number(log.LargestRatio)))}, mean KL there {string.Join(", ", logs.Select(log => ReportWriter.Number(log.KlAtLargestRatio)))}",
                    ClaimCheck.Judge(logs.Length > 0 && large >= 0.8 * logs.Length, grew > 0),
                    $"reproduced: in >= 80% of the fp32/fp64 runs some optimisation step has a largest ratio (after clipping) >= 1e{LargeRatioDecades:0} while that step's minibatch mean KL(old || new) is <= {SmallKl:0.#} nat (an overflowing step counts with its fp64 log-ratio); partly: at least one run reaches 1e{LargeRatioDecades:0}"));
            }
        }

        // A run that did not explode counts as +infinity (Series.Median would drop it).
        double MedianExplosionStep(string algo)
        {
            double[] steps = [.. data.Where(("algo", algo)).Where(cell => cell.Get("precision") is "fp32" or "fp64")
                .Select(cell => StepLog.Read(data, cell).ExplodedStep is int step ? step : double.PositiveInfinity).Order()];
            return steps.Length == 0 ? double.NaN : steps.Length % 2 == 1 ? steps[steps.Length / 2] : (steps[(steps.Length / 2) - 1] + steps[steps.Length / 2]) / 2;
        }

        if (data.Plan.Sweep.Cells.Any(cell => cell.Get("algo") == "ppo-kl"))
        {
            static string Step(double step) => double.IsPositiveInfinity(step) ? "∞" : ReportWriter.Number(step);
            double clip = MedianExplosionStep("ppo");
            double penalty = MedianExplosionStep("ppo-kl");
            double none = MedianExplosionStep("ppo-noclip");
            claims.Add(new(
                "Clipping and the KL penalty keep training for longer than no constraint does.",
                "(a) and (b) run for many optimisation steps with the ratio growing; (c) explodes within 4 (000 Figure 3)",
                $"median optimisation step of the explosion, fp32/fp64 runs (∞: did not explode): clip {Step(clip)}, KL penalty {Step(penalty)}, none {Step(none)}",
                ClaimCheck.Judge(clip > 4 && penalty > 4 && none <= 4, (clip > 4 || penalty > 4) && none <= 4),
                "reproduced: the median explosion step of the clip and the KL-penalty runs is past step 4 while the unconstrained runs' is at most 4; partly: one of the two is past step 4"));
        }

        var figures = new List<(string, string)>();
        string shown = data.Plan.Sweep.Cells.Any(cell => cell.Get("precision") == "fp32") ? "fp32" : data.Plan.Sweep.Cells[0].Get("precision")!;
        foreach ((string algo, string panel) in Variants)
        {
            SweepCell[] cells = [.. data.Where(("algo", algo), ("precision", shown))];
            foreach ((string column, bool logY, string what) in new[] { ("kl_mean", true, "mean KL(old || new) of the minibatch"), ("ratio_log10_max_clipped", false, "max log10 ratio after clipping"), ("ratio_log10_max", false, "max log10 ratio") })
            {
                string file = $"{algo}-{column}-{shown}.png";
                if (Paper000Report.RunLines(data, cells, cell => $"seed {cell.Get("seed")}", RunMetrics.StepsFileName, "step", column, logY, $"{panel}, {shown}: {what} per optimisation step", "optimisation step", Path.Combine(data.FiguresDirectory, file)))
                {
                    figures.Add(($"{panel}: {what}, {shown}, one line per seed", $"figures/{file}"));
                }
            }
        }

        return new ExperimentReport(
            claims,
            [
                ("Per run", table.ToString() + "\nFrom each run's steps.csv (one row per optimisation step): the step whose loss or gradient was first non-finite, the largest max log10 ratio after clipping (ratio_log10_max_clipped; ratio_log10_max for the objectives that do not clip) and the minibatch's mean KL at that step."),
                ("Overflow per precision", Paper000Report.PrecisionTable(data, data.Plan.Sweep.Cells, cell => cell.Get("algo")!)),
                Paper000Report.Deviations(
                    "A.2's identity covariance is the initial std 1 of A.3's softplus + 0.1 parameterisation, learnt afterwards (the paper does not say whether it is held fixed).",
                    "Figure 3 shows one run per panel; we run several seeds and three precisions."),
            ],
            figures);
    }

    /// <summary>What one run's steps.csv says.</summary>
    private sealed record StepLog(int Steps, int? ExplodedStep, double LargestRatio, int? LargestRatioStep, double KlAtLargestRatio, double LargestKl, double LargestRawRatio)
    {
        public static StepLog Read(ExperimentData data, SweepCell cell)
        {
            RunMetrics log = RunMetrics.Read(data.Layout.CellDirectory(cell), RunMetrics.StepsFileName);
            double[] step = log.Column("step");
            double[] exploded = log.Column("exploded");
            double[] clipped = log.Column("ratio_log10_max_clipped");
            double[] raw = log.Column("ratio_log10_max");
            double[] kl = log.Column("kl_mean");
            double[] ratio = [.. Enumerable.Range(0, log.RowCount).Select(row => double.IsFinite(clipped[row]) ? clipped[row] : raw[row])];
            int explodedRow = Array.FindIndex(exploded, value => value == 1);
            int largest = -1;
            for (int row = 0; row < log.RowCount; row++)
            {
                if (double.IsFinite(ratio[row]) && (largest < 0 || ratio[row] > ratio[largest]))
                {
                    largest = row;
                }
            }

            return new StepLog(
                log.RowCount,
                explodedRow < 0 ? null : (int)step[explodedRow],
                largest < 0 ? double.NaN : ratio[largest],
                largest < 0 ? null : (int)step[largest],
                largest < 0 ? double.NaN : kl[largest],
                Series.Max(kl),
                Series.Max(raw));
        }
    }
}
