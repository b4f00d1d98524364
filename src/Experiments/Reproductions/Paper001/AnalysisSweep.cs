using System.Globalization;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper001;

/// <summary>
/// The sweep shape paper 001's measurement experiments share (Figs 2-5, 13): stage 0 trains one run per env x algo x
/// seed with checkpoints; stage 1 has one <c>kernel analyze ...</c> cell per run and checkpoint (src/Algorithms/Measurements),
/// whose JSON summary <see cref="AnalysisCell.ReadAll"/> reads back. Also the time model and the deviations every such
/// experiment shares.
/// </summary>
internal static class AnalysisSweep
{
    // `kernel train --env Hopper-v4 --steps 20480` (10 PPO updates at the defaults) took 7.5 s with start-up, and
    // `kernel analyze gradient` on its update 10 sampled 6950 state-action pairs/s; issue 18's measurement at update
    // 100 of a 205k-step run gave 2200/s (longer episodes; load 12-17). 2026-12-07, 2 cores shared with two sweeps.
    // Humanoid-v4 is slower: Paper004Timing's measurements (004 Table 2, same machine and day) give Humanoid-v4 / Hopper-v4
    // = (11.58 + 11.09) / (3.85 + 7.80) = 1.95 for an update and 11.58 / 3.85 = 3.0 for collection.
    // Walker2d-v4: 10 PPO updates took 4.3 s with start-up (2026-12-07, load 2), no slower than Hopper-v4.

    /// <summary>Seconds per update of a 2048-step batch (collection and update) on Hopper-v4 and Walker2d-v4.</summary>
    public const double UpdateSeconds = 0.65;

    /// <summary>State-action pairs per second the frozen-policy sampler gives on Hopper-v4 and Walker2d-v4.</summary>
    public const double SamplesPerSecond = 3000;

    private const double HumanoidUpdateFactor = 1.95;
    private const double HumanoidSamplingFactor = 3.0;

    /// <summary>The env the analyses of paper 001's Humanoid figures run on.</summary>
    public const string Humanoid = "Humanoid-v4";

    /// <summary>The deviations from the paper that every measurement experiment of paper 001 shares.</summary>
    public static IEnumerable<string> CommonDeviations(string quickEnvs) =>
    [
        $"The paper runs MuJoCo 1.5 tasks (v2) through gym; we run our C# port of Gymnasium's v4 tasks on MuJoCo 2.2.2 (the quick budget: {quickEnvs}).",
        "PPO and TRPO otherwise at this engine's defaults (001 section 3's PPO; 004 Table 2's TRPO); PPO-M and TRPO+ are not run.",
        Paper001Policy.Deviation,
        "The measurements sample fresh rollouts of each frozen checkpoint (docs/reproductions/001/measurements.md), not the training batches.",
    ];

    /// <summary>
    /// The plan: <paramref name="algos"/> x seeds 1..<paramref name="seeds"/> on each of <paramref name="envs"/>,
    /// <paramref name="updates"/> updates of 2048 steps with a checkpoint every <paramref name="checkpointEvery"/>, and a
    /// <c>kernel analyze <paramref name="analysis"/></c> cell with <paramref name="options"/> on each run's
    /// <paramref name="checkpoints"/>; every training cell trains with <see cref="Paper001Policy"/> and <paramref name="trainingOptions"/>.
    /// </summary>
    public static ExperimentPlan Plan(
        string name, IReadOnlyList<string> envs, IReadOnlyList<string> algos, int seeds, int updates, int checkpointEvery,
        IReadOnlyList<int> checkpoints, string analysis, IReadOnlyList<KeyValuePair<string, string>> options, string description,
        IReadOnlyList<KeyValuePair<string, string>>? trainingOptions = null)
    {
        List<KeyValuePair<string, string>> training = [new("steps", Text(updates * 2048L)), new("checkpoint-every", Text(checkpointEvery)), .. Paper001Policy.Options, .. trainingOptions ?? []];

        // env is an axis even with one value so that the training cells' ids, which the analysis cells name, carry it.
        SweepAxis[] axes = [new("env", envs), new("algo", algos), new("seed", [.. Enumerable.Range(1, seeds).Select(seed => Text(seed))])];
        var include = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (string env in envs)
        {
            foreach (string algo in algos)
            {
                foreach (string seed in axes[2].Values)
                {
                    foreach (int update in checkpoints)
                    {
                        include.Add(
                        [
                            new(SweepCell.CommandOption, $"analyze {analysis}"), new(SweepCell.StageOption, "1"),
                            new("run", $"{SweepCell.CellsPlaceholder}/env={env}_algo={algo}_seed={seed}"), new("update", Text(update)),
                            .. options,
                        ]);
                    }
                }
            }
        }

        return new ExperimentPlan(new SweepSpec(name, training, axes, include: include), description);
    }

    /// <summary>A training cell's estimated seconds.</summary>
    public static double TrainingSeconds(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        double factor = cell.Get("env") == Humanoid ? HumanoidUpdateFactor : 1;
        return double.Parse(cell.Get("steps")!, CultureInfo.InvariantCulture) / 2048 * UpdateSeconds * factor;
    }

    /// <summary>The estimated seconds to sample <paramref name="samples"/> pairs for an analysis cell.</summary>
    public static double SamplingSeconds(SweepCell cell, double samples)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return samples / SamplesPerSecond * (IsHumanoid(cell) ? HumanoidSamplingFactor : 1);
    }

    /// <summary>
    /// The estimated seconds of a cell of an analysis that draws <c>estimates</c> sets of each of its <c>samples</c>
    /// counts plus one large set of <paramref name="largeSetOption"/> pairs (the true gradient, the value fit); a
    /// training cell's from <see cref="TrainingSeconds"/>.
    /// </summary>
    public static double EstimatesSeconds(SweepCell cell, string largeSetOption)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.IsTraining)
        {
            return TrainingSeconds(cell);
        }

        double perSet = cell.Get("samples")!.Split(',').Sum(text => double.Parse(text, CultureInfo.InvariantCulture));
        return SamplingSeconds(cell, (perSet * Int(cell, "estimates")) + Int(cell, largeSetOption));
    }

    /// <summary>Whether an analysis cell measures a Humanoid run.</summary>
    public static bool IsHumanoid(SweepCell cell) => cell.Get("run")!.Contains($"env={Humanoid}", StringComparison.Ordinal);

    /// <summary>An analysis cell's integer option.</summary>
    public static int Int(SweepCell cell, string option) => int.Parse(cell.Get(option)!, CultureInfo.InvariantCulture);

    /// <summary>Invariant text of a number.</summary>
    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
