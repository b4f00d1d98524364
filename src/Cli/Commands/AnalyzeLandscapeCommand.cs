using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Files;
using Kernel.Algorithms.Measurements;
using Kernel.Algorithms.Training;
using Kernel.Plots;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel analyze landscape</c>: seed 001's true and surrogate reward landscapes (section 5.3, Figures 6-8) on one
/// checkpoint (<see cref="RewardLandscape"/>): landscape.csv (one row per grid point), landscape.png (the true reward)
/// and landscape-surrogate.png (the surrogate) as heatmaps over (step offset, random offset), and last landscape.json.
/// </summary>
internal static partial class AnalyzeCommand
{
    private static Command LandscapeCommand()
    {
        var common = new CommonOptions();
        var stepRange = new Option<string>("--step-range") { Description = "Offsets a along the update step, LOW:HIGH (1 = one full step; the grid must hold 0).", DefaultValueFactory = _ => "-1:2" };
        var randomRange = new Option<string>("--random-range") { Description = "Offsets b along the random direction (norm 2), LOW:HIGH (the grid must hold 0).", DefaultValueFactory = _ => "-1:1" };
        var points = new Option<string>("--points") { Description = "Grid points per axis: N for both, or STEP,RANDOM (each >= 2).", DefaultValueFactory = _ => "13,9" };
        var trajectories = new Option<int?>("--trajectories") { Description = "Episodes per point for the true reward (the default, 10, when --pairs is not given)." };
        var pairs = new Option<int?>("--pairs") { Description = "State-action pairs per point for the true reward (the mean return of the episodes finished in them); instead of --trajectories." };
        var stepSamples = new Option<int?>("--step-samples") { Description = "State-action pairs of the batch the step and the surrogate come from (default: the run's batch)." };
        Command command = common.Command("landscape", "True reward and the algorithm's surrogate on theta + a * step + b * random (Figs 6-8).", stepRange, randomRange, points, trajectories, pairs, stepSamples);
        command.SetAction(result => common.Run(result, "landscape", run =>
        {
            (int stepPoints, int randomPoints) = ParsePoints(result.GetValue(points)!);
            double[] a = Grid(result.GetValue(stepRange)!, stepPoints, "step_range");
            double[] b = Grid(result.GetValue(randomRange)!, randomPoints, "random_range");
            int? episodes = result.GetValue(trajectories);
            int? pairCount = result.GetValue(pairs);
            if (episodes is not null && pairCount is not null)
            {
                throw new ArgumentException($"trajectories = {episodes}, pairs = {pairCount}: give one of them, not both.");
            }

            RewardSamples samples = pairCount is { } count ? new(Require(count, 1, "pairs"), Trajectories: false) : new(Require(episodes ?? 10, 1, "trajectories"), Trajectories: true);
            int? step = result.GetValue(stepSamples);
            return run(new LandscapeWork(a, b, samples, step is { } s ? Require(s, 1, "step_samples") : null));
        }));
        return command;
    }

    /// <summary>"N" or "STEP,RANDOM", each at least 2.</summary>
    private static (int Step, int Random) ParsePoints(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var counts = new int[parts.Length];
        if (parts.Length is < 1 or > 2 || parts.Select((part, i) => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]) && counts[i] >= 2).Contains(false))
        {
            throw new ArgumentException($"points = {text}: give N or STEP,RANDOM, each a whole number of at least 2 (e.g. 13,9).");
        }

        return (counts[0], counts[^1]);
    }

    /// <summary>LOW:HIGH split into <paramref name="count"/> evenly spaced offsets, one of which is exactly 0.</summary>
    private static double[] Grid(string text, int count, string name)
    {
        string[] parts = text.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double low)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double high)
            || !double.IsFinite(low) || !double.IsFinite(high) || low >= high)
        {
            throw new ArgumentException($"{name} = {text}: give LOW:HIGH with finite LOW < HIGH (e.g. -1:2).");
        }

        double spacing = (high - low) / (count - 1);
        double zero = -low / spacing;
        int origin = (int)Math.Round(zero);
        if (Math.Abs(zero - origin) > 1e-9 || origin < 0 || origin >= count)
        {
            throw new ArgumentException($"{name} = {text} with {count} points: the grid must hold 0 (LOW <= 0 <= HIGH and -LOW a whole number of spacings {spacing.ToString("G6", CultureInfo.InvariantCulture)}).");
        }

        // Offsets counted from the origin, so 0 is exactly 0 and the grid is symmetric where the range is.
        return [.. Enumerable.Range(0, count).Select(i => (i - origin) * spacing)];
    }

    private sealed record LandscapeWork(double[] StepOffsets, double[] RandomOffsets, RewardSamples Samples, int? StepSamples) : IWork
    {
        public string Name => "landscape";

        public JsonObject Measure<T>(PolicyGradientTrainer<T> trainer, Request request)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            RewardLandscapeResult result;
            if (StepSamples is { } pairs && pairs != request.Config.BatchSize)
            {
                using PolicyGradientTrainer<T> resized = CheckpointTrainer.OpenWithBatch<T>(request.Config, request.Checkpoint, pairs);
                result = RewardLandscape.Measure(resized, StepOffsets, RandomOffsets, Samples, request.Seed, Progress("landscape point"));
            }
            else
            {
                result = RewardLandscape.Measure(trainer, StepOffsets, RandomOffsets, Samples, request.Seed, Progress("landscape point"));
            }

            var rows = new List<string> { "step_offset,random_offset,true_reward,episodes,surrogate" };
            int columns = RandomOffsets.Length;
            var trueByRow = new double[columns, StepOffsets.Length];
            var surrogateByRow = new double[columns, StepOffsets.Length];
            for (int i = 0; i < StepOffsets.Length; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"{StepOffsets[i]:R},{RandomOffsets[j]:R},{result.TrueReward[i, j]:R},{result.Episodes[i, j]},{result.Surrogate[i, j]:R}"));
                    trueByRow[j, i] = result.TrueReward[i, j];
                    surrogateByRow[j, i] = result.Surrogate[i, j];
                }
            }

            AtomicFile.WriteAllLines(Path.Combine(request.Out, "landscape.csv"), rows);
            string what = $"{Subject(request, trainer.Updates)}, step from {result.StepSamples} pairs";
            WriteHeatmap(request.Out, "landscape", trueByRow, $"{what}: true reward ({Samples} per point)", "mean episode return");
            WriteHeatmap(request.Out, "landscape-surrogate", surrogateByRow, $"{what}: surrogate", "surrogate objective");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sampling: {result.SamplesPerSecond:F0} samples/s ({result.EnvSteps} env steps in {result.SampleSeconds:F1} s); surrogate {result.SurrogateSeconds:F1} s"));
            return new JsonObject
            {
                ["step_offsets"] = new JsonArray([.. StepOffsets.Select(x => (JsonNode)x)]),
                ["random_offsets"] = new JsonArray([.. RandomOffsets.Select(x => (JsonNode)x)]),
                ["true_reward"] = Rows(result.TrueReward),
                ["surrogate"] = Rows(result.Surrogate),
                ["true_samples"] = Samples.Count,
                ["true_unit"] = Samples.Trajectories ? "trajectories" : "pairs",
                ["step_samples"] = result.StepSamples,
                ["step_norm"] = result.StepNorm,
                ["random_norm"] = RandomDirection.Norm,
                ["parameters"] = result.Parameters,
                ["samples_per_second"] = result.SamplesPerSecond,
                ["env_steps"] = result.EnvSteps,
                ["sample_seconds"] = result.SampleSeconds,
                ["surrogate_seconds"] = result.SurrogateSeconds,
            };

            void WriteHeatmap(string folder, string name, double[,] values, string title, string valueLabel)
            {
                string path = Path.Combine(folder, name + ".png");
                string temporary = Path.Combine(folder, name + ".tmp.png");
                File.WriteAllBytes(temporary, HeatmapPlot.Png(StepOffsets, RandomOffsets, values, title, "step direction (1 = the update)", "random direction (norm 2)", valueLabel));
                File.Move(temporary, path, overwrite: true);
            }
        }

        /// <summary>[a index][b index] as nested arrays, non-finite values as null.</summary>
        private static JsonArray Rows(double[,] grid)
            => new([.. Enumerable.Range(0, grid.GetLength(0)).Select(i => (JsonNode)new JsonArray([.. Enumerable.Range(0, grid.GetLength(1)).Select(j => Number(grid[i, j]))]))]);
    }
}
