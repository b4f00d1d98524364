using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions;

/// <summary>
/// Seed paper 001, section 5.4 (Figure 9, appendix Figures 28-29), on Pendulum-v1: TRPO holds its mean-KL trust
/// region while the maximum KL over states is orders of magnitude larger; neither TRPO nor PPO keeps the ratios
/// inside [1 - eps, 1 + eps]; PPO-M (the clipped objective without PPO's implementation details) does not keep the
/// mean KL small while PPO does. Variants: TRPO (004 Table 2 defaults, tanh-squashed as in 004 appendix A), TRPO with
/// paper 000's clipped Gaussian (<c>--squash false</c>), PPO-M and PPO, fp32. 001 measured this on Humanoid; the
/// Humanoid repeat is issue 18's.
/// </summary>
public sealed class TrustRegionsExperiment : IExperiment
{
    /// <summary>TRPO's mean-KL budget delta (004 Table 2), also the reference the PPO variants are held to.</summary>
    public const double Delta = 0.01;

    /// <summary>PPO's clip epsilon: the ratio "trust region" is [1 - eps, 1 + eps].</summary>
    public const double ClipEpsilon = 0.2;

    // Env steps per second of one cell with one GEMM thread on this machine (2 cores, shared with other builds):
    // `DOTNET_PROCESSOR_COUNT=1 kernel train --env Pendulum-v1 --algo A --steps 40960 --checkpoint-every 0`
    // took 8.4 s (trpo) and 10.1 s (ppo, ppo-m), less Reproduction.CellOverheadSeconds of start-up (2026-12-07).
    private const double TrpoStepsPerSecond = 40960 / (8.4 - Reproduction.CellOverheadSeconds);
    private const double PpoStepsPerSecond = 40960 / (10.1 - Reproduction.CellOverheadSeconds);

    /// <inheritdoc />
    public string Id => "001-trust-regions";

    /// <inheritdoc />
    public string Paper => "001";

    /// <inheritdoc />
    public string Target => "section 5.4, Figure 9 (on Pendulum-v1)";

    /// <inheritdoc />
    public string Claim => "TRPO bounds the mean KL but not the max KL or the ratios; PPO-M's clipping bounds neither the ratios nor the mean KL, PPO's implementation details do.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        (long steps, int seeds, string description) = budget switch
        {
            Budget.Smoke => (4096L, 1, "2 updates (4096 steps), seed 1: the pipeline only."),
            Budget.Quick => (500_000L, 3, "500k steps, seeds 1-3 (the setting of the original write-up); fp32."),
            _ => (500_000L, 5, "500k steps, seeds 1-5; fp32. 001 ran Humanoid (issue 18); this is the Pendulum-v1 port at full length with five seeds."),
        };
        string[] seedValues = [.. Enumerable.Range(1, seeds).Select(seed => seed.ToString(CultureInfo.InvariantCulture))];
        var spec = new SweepSpec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            [
                // max-kl is left at TRPO's default, which is Delta (a test pins that): settings are strict, and
                // --max-kl would be refused for the ppo and ppo-m cells that share these options.
                new("env", "Pendulum-v1"), new("precision", "fp32"), new("steps", steps.ToString(CultureInfo.InvariantCulture)),
                new("clip-epsilon", SweepSpec.Text(ClipEpsilon)),
            ],
            [new SweepAxis("algo", ["trpo", "ppo-m", "ppo"]), new SweepAxis("seed", seedValues)],
            include: [.. seedValues.Select(seed => (IReadOnlyList<KeyValuePair<string, string>>)[new("algo", "trpo"), new("seed", seed), new("squash", "false")])]);
        return new ExperimentPlan(spec, description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) =>
        double.Parse(cell.Get("steps")!, CultureInfo.InvariantCulture) / (cell.Get("algo") == "trpo" ? TrpoStepsPerSecond : PpoStepsPerSecond);

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        SweepCell[] trpo = [.. data.Where(("algo", "trpo")).Where(cell => cell.Get("squash") is null)];
        SweepCell[] ppoM = [.. data.Where(("algo", "ppo-m"))];
        SweepCell[] ppo = [.. data.Where(("algo", "ppo"))];
        double ratioBound = Math.Log10(1 + ClipEpsilon);

        double[] trpoWithin = [.. trpo.Select(cell => Series.Share(data.Metrics(cell).Column("kl_mean"), kl => kl <= Delta * (1 + 1e-9)))];
        double trpoWithinAll = Series.Share([.. trpo.SelectMany(cell => data.Metrics(cell).Column("kl_mean"))], kl => kl <= Delta * (1 + 1e-9));
        var claims = new List<ClaimCheck>
        {
            new(
                "TRPO keeps the mean KL within its trust region delta.",
                "\"the mean KL for TRPO nearly always stays within the desired mean KL trust region\" (Fig 29, delta 0.06 there)",
                $"updates with kl_mean <= {Delta}: {string.Join(" / ", trpoWithin.Select(ReportWriter.Percent))} (per seed)",
                ClaimCheck.Judge(trpoWithin.Length > 0 && trpoWithin.All(share => share >= 0.95), trpoWithinAll >= 0.8),
                "reproduced: >= 95% of the updates of every TRPO seed have kl_mean <= delta; partly: >= 80% of all TRPO updates"),
        };

        double[] maxKlOverDelta = [.. trpo.Select(cell => Series.Max(data.Metrics(cell).Column("kl_max")) / Delta)];
        double medianRatio = Series.Median(maxKlOverDelta);
        claims.Add(new(
            "TRPO's maximum KL over states is orders of magnitude larger than the mean-KL bound.",
            "\"several orders of magnitude larger than our enforced bound on mean KL\" (section 5.4)",
            $"largest kl_max / delta per seed: {string.Join(" / ", maxKlOverDelta.Select(ReportWriter.Number))}",
            ClaimCheck.Judge(medianRatio >= 100, medianRatio >= 10),
            "reproduced: the median over TRPO seeds of max(kl_max) / delta >= 100 (two decades); partly: >= 10"));

        (string Name, SweepCell[] Cells)[] ratioGroups = [("TRPO", trpo), ("PPO-M", ppoM), ("PPO", ppo)];
        double[] outside = [.. ratioGroups.Select(group => Series.Share([.. group.Cells.SelectMany(cell => data.Metrics(cell).Column("ratio_log10_max"))], value => value > ratioBound))];
        claims.Add(new(
            "Neither TRPO nor PPO (nor PPO-M) keeps the ratios inside [1 - eps, 1 + eps].",
            "\"the PPO variants' maximum ratios consistently violate the ratio trust region\"; \"neither PPO nor TRPO effectively accomplish this\" (Fig 9, section 5.4)",
            $"updates with max ratio > 1 + {ClipEpsilon}: {string.Join(", ", ratioGroups.Select((group, i) => $"{group.Name} {ReportWriter.Percent(outside[i])}"))}",
            ClaimCheck.Judge(outside.All(share => share >= 0.9), outside.All(share => share >= 0.5)),
            "reproduced: >= 90% of the updates of each of TRPO, PPO-M and PPO have ratio_log10_max > log10(1 + eps); partly: >= 50% of each"));

        double ppoWithin = Series.Share([.. ppo.SelectMany(cell => data.Metrics(cell).Column("kl_mean"))], kl => kl <= Delta);
        double ppoMWithin = Series.Share([.. ppoM.SelectMany(cell => data.Metrics(cell).Column("kl_mean"))], kl => kl <= Delta);
        double ppoMMax = Series.Max([.. ppoM.SelectMany(cell => data.Metrics(cell).Column("kl_mean"))]);
        double ppoMax = Series.Max([.. ppo.SelectMany(cell => data.Metrics(cell).Column("kl_mean"))]);
        claims.Add(new(
            "PPO-M does not keep the mean KL in a trust region; PPO, with its implementation details, does.",
            "\"while PPO constrains the mean KL well, PPO-M does not\" (Fig 9)",
            $"updates with kl_mean <= {Delta}: PPO {ReportWriter.Percent(ppoWithin)}, PPO-M {ReportWriter.Percent(ppoMWithin)}; largest kl_mean: PPO {ReportWriter.Number(ppoMax)}, PPO-M {ReportWriter.Number(ppoMMax)}",
            ClaimCheck.Judge(ppoWithin >= ppoMWithin + 0.2 && ppoMMax > 10 * Delta, ppoWithin > ppoMWithin),
            "reproduced: PPO's share of updates with kl_mean <= delta exceeds PPO-M's by >= 20 points and PPO-M's largest kl_mean > 10 delta; partly: PPO's share is higher"));

        var table = new StringBuilder();
        table.AppendLine("| cell | state | first return > -400 at step | return, last 10 updates | kl_mean <= delta | kl_mean median / max | kl_max median / max | ratio_log10_max > log10(1 + eps) | ratio_log10_max max |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (SweepCell cell in trpo.Concat(data.Where(("algo", "trpo"), ("squash", "false"))).Concat(ppoM).Concat(ppo))
        {
            RunMetrics metrics = data.Metrics(cell);
            CellSummary summary = data.Summary(cell);
            double[] returns = metrics.Column("return_mean");
            double[] steps = metrics.Column("step");
            int first = Array.FindIndex(returns, value => value > -400);
            double[] klMean = metrics.Column("kl_mean");
            double[] klMax = metrics.Column("kl_max");
            double[] ratios = metrics.Column("ratio_log10_max");
            table.AppendLine(CultureInfo.InvariantCulture, $"| {cell.Id} | {summary.State.ToString().ToLowerInvariant()} | {(first >= 0 ? steps[first].ToString(CultureInfo.InvariantCulture) : "never")} | {ReportWriter.Number(summary.FinalReturn)} | {ReportWriter.Percent(Series.Share(klMean, kl => kl <= Delta))} | {ReportWriter.Number(Series.Median(klMean))} / {ReportWriter.Number(Series.Max(klMean))} | {ReportWriter.Number(Series.Median(klMax))} / {ReportWriter.Number(Series.Max(klMax))} | {ReportWriter.Percent(Series.Share(ratios, value => value > ratioBound))} | {ReportWriter.Number(Series.Max(ratios))} |");
        }

        var exploded = data.Cells.Where(cell => cell.Exploded).ToArray();
        string explosions = exploded.Length == 0
            ? "No run exploded."
            : string.Join('\n', exploded.Select(cell => $"- {cell.Id} exploded at update {cell.ExplodedUpdate}: {cell.ExplodedAt}"));

        var figures = new List<(string, string)>();
        foreach ((string metric, bool logY) in new[] { ("kl_mean", true), ("kl_max", true), ("ratio_log10_max", false), ("return_mean", false) })
        {
            string relative = $"figures/{metric}.png";
            SweepCollector.GroupedFigure(data.Layout, data.Plan.Sweep, metric, Path.Combine(data.FiguresDirectory, $"{metric}.png"), logY, title: $"{metric}: mean and 95% interval over seeds (Pendulum-v1, fp32)");
            figures.Add(($"{metric}, mean and 95% interval over seeds per variant", relative));
        }

        return new ExperimentReport(
            claims,
            [("Per cell", table.ToString()), ("Explosions", explosions)],
            figures);
    }
}
