using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper001;

/// <summary>
/// Seed paper 001, section 5.1 and appendix 9.3 (Figure 13): the policy's update steps have high variance. Stage 0
/// trains PPO and TRPO runs with checkpoints; stage 1 runs <c>kernel analyze steps</c> (src/Algorithms/Measurements)
/// on checkpoints along training: K update steps, each the algorithm's own from a fresh batch, their mean pairwise
/// cosine and the mean pairwise KL between the policies they lead to.
/// </summary>
public sealed class Fig13UpdateStepVarianceExperiment : IExperiment
{
    /// <summary>"Hovers around zero": a mean pairwise cosine within this of 0.</summary>
    public const double AroundZero = 0.1;

    /// <summary>The tasks the paper's words name (Walker2d and Humanoid).</summary>
    private static readonly string[] ClaimEnvs = ["Walker2d-v4", AnalysisSweep.Humanoid];

    private static readonly string[] Algorithms = ["ppo", "trpo"];

    /// <inheritdoc />
    public string Id => "001-fig13";

    /// <inheritdoc />
    public string Paper => "001";

    /// <inheritdoc />
    public string Target => "section 5.1 and appendix 9.3, Figure 13 (update-step variance: pairwise cosine and KL of 100 steps)";

    /// <inheritdoc />
    public string Claim => "The policy steps have high empirical variance: on Walker2d and Humanoid the mean pairwise cosine similarity between steps often hovers around zero.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        Sizes sizes = For(budget);
        return AnalysisSweep.Plan(
            $"{Id}-{budget.ToString().ToLowerInvariant()}", sizes.Envs, Algorithms, sizes.Seeds, sizes.Updates, sizes.Every, sizes.Checkpoints, "steps",
            [new("estimates", AnalysisSweep.Text(sizes.Steps)), new("states", AnalysisSweep.Text(sizes.States))], sizes.Description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.IsTraining)
        {
            return AnalysisSweep.TrainingSeconds(cell);
        }

        // A step collects a 2048-step batch and runs one update: the time of a training update, on the env's sampler.
        return AnalysisSweep.Int(cell, "estimates") * (AnalysisSweep.SamplingSeconds(cell, 2048) + AnalysisSweep.UpdateSeconds);
    }

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        IReadOnlyList<AnalysisCell> cells = AnalysisCell.ReadAll(data, "steps.json");
        SummaryInterval Cosine(AnalysisCell c) => SummaryInterval.Read(c.Summary["pairwise_cosine"]);
        SummaryInterval PairKl(AnalysisCell c) => SummaryInterval.Read(c.Summary["pairwise_kl"]);
        SummaryInterval StepKl(AnalysisCell c) => SummaryInterval.Read(c.Summary["step_kl"]);
        var claims = new List<ClaimCheck>();

        AnalysisCell[] named = [.. cells.Where(c => ClaimEnvs.Contains(c.Env))];
        int near = named.Count(c => Math.Abs(Cosine(c).Mean) <= AroundZero);
        claims.Add(new(
            "On Walker2d and Humanoid the mean pairwise cosine between update steps often hovers around zero (Fig 13).",
            "mean pairwise cosine of 100 step estimates often around zero over training on Walker2d and Humanoid (001 section 5.1, Figure 13)",
            named.Length == 0 ? "no Walker2d or Humanoid run in this budget" : $"mean pairwise cosine of the steps: {string.Join("; ", named.Select(c => $"{c.Label(withEnv: true)} update {c.Update}: {ReportWriter.Number(Cosine(c).Mean)}"))}; {near} of {named.Length} within {AroundZero} of 0",
            ClaimCheck.Judge(named.Length > 0 && 2 * near >= named.Length, near > 0),
            $"reproduced: at least half of the Walker2d/Humanoid (run, checkpoint) measurements have |mean pairwise cosine| <= {AroundZero}; partly: at least one"));

        int spread = cells.Count(c => PairKl(c).Mean >= StepKl(c).Mean);
        claims.Add(new(
            "The steps have high variance: the policies they lead to differ from each other as much as from the policy they start from (Fig 13).",
            "pairwise KL between the policies the 100 steps lead to suggests that the steps have high variance (001 Figure 13; no number given)",
            $"mean pairwise KL(pi_i || pi_j) vs mean KL(pi_old || pi_k): {string.Join("; ", cells.Select(c => $"{c.Label(withEnv: true)} update {c.Update}: {ReportWriter.Number(PairKl(c).Mean)} vs {ReportWriter.Number(StepKl(c).Mean)}"))}",
            ClaimCheck.Judge(cells.Count > 0 && spread == cells.Count, cells.Count > 0 && 2 * spread >= cells.Count),
            "reproduced: on every run and checkpoint the mean pairwise KL between the stepped policies is at least the steps' mean KL from the old policy (for identical steps it would be 0; for orthogonal, equal-size ones about twice); partly: on at least half"));

        var table = new StringBuilder();
        table.AppendLine("| run | update | pairwise cosine [95%] | pairwise KL [95%] | KL(pi_old, pi_k) [95%] | step norm [95%] |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (AnalysisCell c in cells)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {c.Label(withEnv: true)} | {c.Update} | {Cosine(c)} | {PairKl(c)} | {StepKl(c)} | {SummaryInterval.Read(c.Summary["step_norm"])} |");
        }

        var figures = new List<(string, string)>();
        foreach (string env in cells.Select(c => c.Env).Distinct())
        {
            AnalysisCell[] ofEnv = [.. cells.Where(c => c.Env == env)];
            string slug = env.ToLowerInvariant();
            foreach ((Func<AnalysisCell, SummaryInterval> value, string name, string what, bool log) in new (Func<AnalysisCell, SummaryInterval>, string, string, bool)[] { (Cosine, "cosine", "mean pairwise cosine of the update steps", false), (PairKl, "kl", "mean pairwise KL between the stepped policies", true) })
            {
                if (AnalysisPlots.OverTraining(data, ofEnv, value, $"{slug}-{name}.png", $"{env}: {what}", name == "kl" ? "KL" : "cosine similarity", $"{env}: {what} (Figure 13), 95% intervals, one line per run", log) is { } figure)
                {
                    figures.Add(figure);
                }
            }
        }

        return new ExperimentReport(
            claims,
            [
                ("Per run and checkpoint", table.ToString() + "\nFrom each analysis cell's steps.json (`kernel analyze steps`; docs/reproductions/001/measurements.md)."),
                ("Deviations from the paper's settings",
                    string.Join('\n', AnalysisSweep.CommonDeviations("Walker2d-v4 and Hopper-v4").Concat(
                    [
                        "Each step is the algorithm's own update (the trainer's, bit for bit) from a fresh batch of the run's size; the steps' cosine is over the policy's parameters (network and head).",
                        "PPO anneals its learning rate to 0 at its last update, so the last checkpoint measured is before the end of training.",
                    ]).Select(line => $"- {line}"))),
            ],
            figures);
    }

    private static Sizes For(Budget budget) => budget switch
    {
        Budget.Smoke => new(["Pendulum-v1"], 1, 3, 1, [1, 2], 3, 256, "Pendulum-v1, 3 updates, seed 1, checkpoints 1 and 2; 3 steps each, KL on 256 states: the pipeline only."),
        Budget.Quick => new(["Walker2d-v4", "Hopper-v4"], 1, 100, 10, [10, 50, 90], 50, 2048, "Walker2d-v4 and Hopper-v4, 100 updates (204,800 steps), seed 1, checkpoints 10, 50 and 90; 50 steps each (the paper's 100), KL on 2,048 states."),
        _ => new(["Walker2d-v4", "Hopper-v4", AnalysisSweep.Humanoid], 3, 500, 50, [50, 150, 250, 350, 450], 100, 2048, "Walker2d-v4, Hopper-v4 and Humanoid-v4, 500 updates, seeds 1-3, checkpoints 50-450 every 100; 100 steps each, KL on 2,048 states."),
    };

    /// <summary>A budget's sizes.</summary>
    private sealed record Sizes(string[] Envs, int Seeds, int Updates, int Every, int[] Checkpoints, int Steps, int States, string Description);
}
