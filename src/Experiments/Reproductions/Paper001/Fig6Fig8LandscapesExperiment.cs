using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kernel.Experiments.Sweeps;
using Kernel.Plots;

namespace Kernel.Experiments.Reproductions.Paper001;

/// <summary>
/// Seed paper 001, section 5.3 (Figures 6, 7 and 8, appendix Figures 17-27): the true reward landscape is jagged when
/// each point is estimated from few samples and smooth from many, and the surrogate landscape the algorithm steps on
/// agrees with the true one early in training but later, for PPO, points the wrong way, while TRPO's agrees when its
/// step comes from many samples. Stage 0 trains PPO, PPO-M (Figures 18, 21, 24) and TRPO with checkpoints; stage 1 runs <c>kernel analyze
/// landscape</c> (src/Algorithms/Measurements/RewardLandscape.cs) on an early and a late checkpoint of each, with the
/// step computed from the run's own batch and from a larger one, and the true reward from many samples per point;
/// on the late checkpoint also from few samples per point (Figure 6).
/// </summary>
public sealed class Fig6Fig8LandscapesExperiment : IExperiment
{
    /// <summary>"Jagged vs smooth": the low-sample landscape's roughness is at least this many times the high-sample one's.</summary>
    public const double RougherBy = 1.5;

    /// <summary>"Agree": the Pearson correlation of true reward and surrogate along the step (random offset 0) is at least this.</summary>
    public const double Agreement = 0.5;

    // Measured 2026-12-07 on this 2-core machine at load 14 (other agents' builds and runs): `kernel train --env
    // Hopper-v4 --steps 61440` took 24 s (0.8 s per update with start-up), and `kernel analyze landscape` sampled
    // 6400-7800 state-action pairs/s on its updates 10 and 20 (Hopper episodes of about 100 steps there). Humanoid-v4
    // factors as in Fig2Fig3GradientQualityExperiment (004 Table 2's timings: 1.95 per update, 3.0 per sample).
    private const double UpdateSeconds = 0.8;
    private const double SamplesPerSecond = 5000;
    private const double HumanoidUpdateFactor = 1.95;
    private const double HumanoidSamplingFactor = 3.0;

    private static readonly string[] Algorithms = ["ppo", "ppo-m", "trpo"];

    /// <inheritdoc />
    public string Id => "001-fig6-fig8";

    /// <inheritdoc />
    public string Paper => "001";

    /// <inheritdoc />
    public string Target => "section 5.3, Figures 6, 7 and 8 (true and surrogate reward landscapes along the update step and a random direction)";

    /// <inheritdoc />
    public string Claim => "The true reward landscape is noisy in the low-sample regime and smooth with many samples; surrogate and true landscapes agree early and disagree later for PPO, while TRPO's agree in the high-sample regime.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        Sizes sizes = For(budget);
        string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        List<KeyValuePair<string, string>> training =
        [
            // One update past the late checkpoint: a run that anneals its learning rate takes no step after its last.
            new("steps", Text((sizes.LateUpdate + sizes.EarlyUpdate) * 2048L)), new("checkpoint-every", Text(sizes.EarlyUpdate)),
            .. Paper001Policy.Options,
        ];

        SweepAxis[] axes = [new("env", [sizes.Env]), new("algo", Algorithms), new("seed", [.. Enumerable.Range(1, sizes.Seeds).Select(seed => Text(seed))])];
        var include = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (string algo in Algorithms)
        {
            foreach (string seed in axes[2].Values)
            {
                void Cell(int update, int stepSamples, string unit, int count) => include.Add(
                [
                    new(SweepCell.CommandOption, "analyze landscape"), new(SweepCell.StageOption, "1"),
                    new("run", $"{SweepCell.CellsPlaceholder}/env={sizes.Env}_algo={algo}_seed={seed}"), new("update", Text(update)),
                    new("step-samples", Text(stepSamples)), new(unit, Text(count)),
                    new("points", sizes.Points), new("step-range", sizes.StepRange), new("random-range", sizes.RandomRange),
                ]);

                foreach (int update in new[] { sizes.EarlyUpdate, sizes.LateUpdate })
                {
                    foreach (int stepSamples in new[] { sizes.FewPairs, sizes.ManyPairs })
                    {
                        Cell(update, stepSamples, sizes.HighUnit, sizes.HighCount);
                    }
                }

                Cell(sizes.LateUpdate, sizes.FewPairs, "trajectories", sizes.LowTrajectories);
            }
        }

        return new ExperimentPlan(new SweepSpec($"{Id}-{budget.ToString().ToLowerInvariant()}", training, axes, include: include), sizes.Description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.IsTraining)
        {
            double factor = cell.Get("env") == "Humanoid-v4" ? HumanoidUpdateFactor : 1;
            return double.Parse(cell.Get("steps")!, CultureInfo.InvariantCulture) / 2048 * UpdateSeconds * factor;
        }

        bool humanoid = cell.Get("run")!.Contains("env=Humanoid-v4", StringComparison.Ordinal);
        // A trajectory counted at an assumed mean length (Hopper's early episodes are about 100 steps, Humanoid's up to 1000).
        double perPoint = cell.Get("pairs") is { } pairs ? Number(pairs) : Number(cell.Get("trajectories")!) * (humanoid ? 500 : 200);
        double points = cell.Get("points")!.Split(',').Aggregate(1.0, (product, text) => product * Number(text));
        double stepSamples = Number(cell.Get("step-samples")!);
        double sampling = ((points * perPoint) + (2 * stepSamples)) / SamplesPerSecond * (humanoid ? HumanoidSamplingFactor : 1);
        return sampling + (stepSamples / 2048 * UpdateSeconds * (humanoid ? HumanoidUpdateFactor : 1));
    }

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Landscape[] cells = [.. data.Plan.Sweep.Cells.Where(cell => !cell.IsTraining).Select(cell => Landscape.Read(data, cell)).Where(l => l is not null).Select(l => l!)];
        int early = cells.Length == 0 ? 0 : cells.Min(l => l.Update);
        int late = cells.Length == 0 ? 0 : cells.Max(l => l.Update);
        int few = cells.Length == 0 ? 0 : cells.Min(l => l.StepSamples);
        int many = cells.Length == 0 ? 0 : cells.Max(l => l.StepSamples);
        int highCount = cells.Length == 0 ? 0 : cells.Max(l => l.TrueCount);
        Landscape[] high = [.. cells.Where(l => l.TrueCount == highCount && l.TrueUnit == cells.First(c => c.TrueCount == highCount).TrueUnit)];
        var claims = new List<ClaimCheck>();

        // Figure 6: the same checkpoint, step and seed, few vs many samples per point.
        var concentration = cells.Where(l => !high.Contains(l))
            .Select(low => (Low: low, High: high.FirstOrDefault(h => h.Algo == low.Algo && h.Seed == low.Seed && h.Update == low.Update && h.StepSamples == low.StepSamples)))
            .Where(pair => pair.High is not null)
            .Select(pair => (pair.Low, High: pair.High!, LowRoughness: Roughness(pair.Low.True), HighRoughness: Roughness(pair.High!.True)))
            .ToArray();
        int rougher = concentration.Count(c => c.LowRoughness >= RougherBy * c.HighRoughness);
        int anyRougher = concentration.Count(c => c.LowRoughness > c.HighRoughness);
        claims.Add(new(
            "The true reward landscape is jagged in the low-sample regime and smooth with many samples (Fig 6).",
            "Humanoid TRPO at iteration 300: \"very noisy in the relevant small sample regime\", \"smooth and well-behaved\" with many (001 Figure 6; Figures 26, 27)",
            $"roughness (mean |second difference| along both axes / range of the grid), few vs many samples per point: {string.Join("; ", concentration.Select(c => $"{c.Low.Algo} seed {c.Low.Seed} update {c.Low.Update}: {ReportWriter.Number(c.LowRoughness)} ({c.Low.TrueText}) vs {ReportWriter.Number(c.HighRoughness)} ({c.High.TrueText})"))}",
            ClaimCheck.Judge(concentration.Length > 0 && rougher == concentration.Length, anyRougher > 0),
            $"reproduced: in every pair the few-sample landscape's roughness is at least {RougherBy} x the many-sample one's; partly: higher in at least one pair"));

        Landscape[] earlies = [.. high.Where(l => l.Update == early && early != late)];
        int earlyAgree = earlies.Count(l => l.StepCorrelation >= Agreement);
        claims.Add(new(
            "Early in training the surrogate and true landscapes agree (Figs 7, 8).",
            "\"early in training the true and surrogate landscapes align fairly well\" for TRPO and PPO, with few and many pairs for the step (001 Figures 7 and 8)",
            $"correlation of true reward and surrogate along the step at update {early}: {Correlations(earlies)}",
            ClaimCheck.Judge(earlies.Length > 0 && earlyAgree == earlies.Length, earlies.Length > 0 && 2 * earlyAgree >= earlies.Length),
            $"reproduced: the correlation along the step is at least {Agreement} in every early landscape; partly: in at least half"));

        Landscape[] ppoLate = [.. high.Where(l => l.Algo == "ppo" && l.Update == late)];
        int ppoDisagree = ppoLate.Count(l => l.StepCorrelation < Agreement);
        claims.Add(new(
            "Later in training PPO's surrogate is misleading along its step, with few and with many samples (Fig 8).",
            "\"later in training increasing the surrogate reward leads to points with lower true reward\", \"even in the high-sample regime\" (001 Figure 8, section 5.3)",
            $"PPO, correlation along the step at update {late}: {Correlations(ppoLate)}",
            ClaimCheck.Judge(ppoLate.Length > 0 && ppoDisagree == ppoLate.Length, ppoDisagree > 0),
            $"reproduced: the correlation along the step is below {Agreement} in every late PPO landscape (step from {few} and from {many} pairs); partly: in at least one"));

        Landscape[] trpoLateMany = [.. high.Where(l => l.Algo == "trpo" && l.Update == late && l.StepSamples == many && many != few)];
        Landscape[] trpoLateFew = [.. high.Where(l => l.Algo == "trpo" && l.Update == late && l.StepSamples == few)];
        int trpoAgree = trpoLateMany.Count(l => l.StepCorrelation >= Agreement);
        double manyMean = trpoLateMany.Select(l => l.StepCorrelation).DefaultIfEmpty(double.NaN).Average();
        double fewMean = trpoLateFew.Select(l => l.StepCorrelation).DefaultIfEmpty(double.NaN).Average();
        claims.Add(new(
            "Later in training TRPO's surrogate agrees with the true reward when its step comes from many samples (Fig 7).",
            "\"later in training the TRPO landscapes in the high sample regime align well\" (001 Figure 7)",
            $"TRPO, correlation along the step at update {late}, step from {many} pairs: {Correlations(trpoLateMany)}; from {few} pairs: {Correlations(trpoLateFew)}",
            ClaimCheck.Judge(trpoLateMany.Length > 0 && trpoAgree == trpoLateMany.Length, manyMean > fewMean),
            $"reproduced: the correlation is at least {Agreement} in every late TRPO landscape whose step comes from {many} pairs; partly: their mean correlation exceeds that of the steps from {few} pairs"));

        var table = new StringBuilder();
        table.AppendLine("| algo | seed | update | step pairs | step norm | true reward per point | true at 0 | roughness | correlation along the step | correlation over the grid | samples/s |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (Landscape l in cells.OrderBy(l => l.Algo, StringComparer.Ordinal).ThenBy(l => l.Seed, StringComparer.Ordinal).ThenBy(l => l.Update).ThenBy(l => l.StepSamples).ThenBy(l => l.TrueCount))
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {l.Algo} | {l.Seed} | {l.Update} | {l.StepSamples} | {ReportWriter.Number(l.StepNorm)} | {l.TrueText} | {ReportWriter.Number(l.True[l.StepOrigin, l.RandomOrigin])} | {ReportWriter.Number(Roughness(l.True))} | {ReportWriter.Number(l.StepCorrelation)} | {ReportWriter.Number(l.GridCorrelation)} | {ReportWriter.Number(l.SamplesPerSecond)} |");
        }

        var figures = new List<(string, string)>();
        foreach ((bool surrogate, string name, string what) in new[] { (false, "true-along-step", "true reward along the step (random offset 0), many samples per point"), (true, "surrogate-along-step", "surrogate along the step (random offset 0)") })
        {
            BandSeries[] series = [.. high.OrderBy(l => l.Algo, StringComparer.Ordinal).ThenBy(l => l.Update).ThenBy(l => l.StepSamples).Select(l =>
            {
                double[] ys = [.. Enumerable.Range(0, l.StepOffsets.Length).Select(i => (surrogate ? l.Surrogate : l.True)[i, l.RandomOrigin])];
                return new BandSeries($"{l.Algo} seed {l.Seed} update {l.Update}, step from {l.StepSamples}", l.StepOffsets, ys, ys, ys);
            })];
            if (series.Length > 0)
            {
                string file = $"{name}.png";
                BandPlot.Write(series, $"{data.Plan.Sweep.Cells[0].Get("env")}: {what}", "offset along the step (1 = the update)", surrogate ? "surrogate objective" : "mean episode return", logY: false, Path.Combine(data.FiguresDirectory, file));
                figures.Add(($"{what}: one line per run, checkpoint and step batch (Figures 7, 8 at random offset 0)", $"figures/{file}"));
            }
        }

        // Heatmaps of the first seed only, one run per figure as the paper shows (the others' are in the cells' data).
        string? firstSeed = cells.Select(l => l.Seed).Order(StringComparer.Ordinal).FirstOrDefault();
        foreach (Landscape l in cells.Where(l => l.Seed == firstSeed).OrderBy(l => l.Algo, StringComparer.Ordinal).ThenBy(l => l.Update).ThenBy(l => l.StepSamples).ThenBy(l => l.TrueCount))
        {
            string stem = $"{l.Algo}-seed{l.Seed}-update{l.Update}-step{l.StepSamples}-{l.TrueCount}{l.TrueUnit}";
            foreach ((string source, string kind) in new[] { ("landscape.png", "true"), ("landscape-surrogate.png", "surrogate") })
            {
                string from = Path.Combine(l.Directory, source);
                if (File.Exists(from) && (kind == "true" || high.Contains(l)))
                {
                    File.Copy(from, Path.Combine(data.FiguresDirectory, $"{stem}-{kind}.png"), overwrite: true);
                    figures.Add(($"{l.Algo} seed {l.Seed}, update {l.Update}, step from {l.StepSamples} pairs: {kind} {(kind == "true" ? $"reward ({l.TrueText} per point)" : "objective")}", $"figures/{stem}-{kind}.png"));
                }
            }
        }

        return new ExperimentReport(
            claims,
            [
                ("Per landscape", table.ToString() + "\nFrom each analysis cell's landscape.json (`kernel analyze landscape`; docs/reproductions/001/measurements.md). Roughness: the mean absolute second difference of the true reward along both grid axes over the grid's range (max - min); noise of one point shows as a second difference of about its own size, a smooth surface's are small. Correlation along the step: Pearson correlation of the true reward and the surrogate over the step offsets at random offset 0; over the grid: over every point."),
                ("Deviations from the paper's settings",
                    string.Join('\n', new[]
                    {
                        "The paper measures Humanoid-v2 (Walker2d and Hopper in the appendix) with MuJoCo 1.5 through gym; we run our C# port of Gymnasium's v4 tasks on MuJoCo 2.2.2 (the quick budget: Hopper-v4).",
                        "PPO, PPO-M and TRPO otherwise at this engine's defaults (001 section 3's PPO and its PPO-M; 004 Table 2's TRPO); PPO-M's landscapes (Figures 18, 21, 24) enter the Figure 6 and early-agreement claims and the table, the later-agreement claims are the paper's, about PPO and TRPO.",
                        Paper001Policy.Deviation,
                        "Agreement is judged by a number (the correlation along the step), not by eye from 3-D surfaces; the landscapes are drawn as heatmaps.",
                        "The step from many pairs is the algorithm's update run on one batch of that size (PPO: the same epochs over more minibatches of the same size; TRPO: one natural-gradient step with its line search), with the run's optimiser state and learning rate at that update.",
                        "The surrogate normalises the advantages over the whole batch (as the gradient estimator of Figures 2-3 does); PPO's own update normalises each minibatch.",
                        "Each point's true reward uses its own seed (independent estimates), episodes of the stochastic policy with the checkpoint's observation statistics frozen.",
                        "Checkpoints are the budget's early and late updates, not the paper's iterations; the quick budget runs seeds 1-2, the paper budget one seed as the paper's figures show.",
                    }.Select(line => $"- {line}"))),
            ],
            figures);
    }

    /// <summary>Mean |second difference| along both axes over the grid's range; NaN when it has no finite second difference or no range.</summary>
    public static double Roughness(double[,] grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        double[] finite = [.. grid.Cast<double>().Where(double.IsFinite)];
        double range = finite.Length == 0 ? double.NaN : finite.Max() - finite.Min();
        double sum = 0;
        int count = 0;
        int rows = grid.GetLength(0);
        int columns = grid.GetLength(1);
        void Add(double left, double middle, double right)
        {
            double second = left - (2 * middle) + right;
            if (double.IsFinite(second))
            {
                sum += Math.Abs(second);
                count++;
            }
        }

        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                if (i >= 1 && i + 1 < rows)
                {
                    Add(grid[i - 1, j], grid[i, j], grid[i + 1, j]);
                }

                if (j >= 1 && j + 1 < columns)
                {
                    Add(grid[i, j - 1], grid[i, j], grid[i, j + 1]);
                }
            }
        }

        return count == 0 || !(range > 0) ? double.NaN : sum / count / range;
    }

    /// <summary>The Pearson correlation of the pairs where both are finite; NaN with fewer than 3 or no spread.</summary>
    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        (double X, double Y)[] pairs = [.. x.Zip(y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second))];
        if (pairs.Length < 3)
        {
            return double.NaN;
        }

        double meanX = pairs.Average(p => p.X);
        double meanY = pairs.Average(p => p.Y);
        double covariance = pairs.Sum(p => (p.X - meanX) * (p.Y - meanY));
        double varianceX = pairs.Sum(p => (p.X - meanX) * (p.X - meanX));
        double varianceY = pairs.Sum(p => (p.Y - meanY) * (p.Y - meanY));
        return varianceX > 0 && varianceY > 0 ? covariance / Math.Sqrt(varianceX * varianceY) : double.NaN;
    }

    private static string Correlations(IEnumerable<Landscape> landscapes)
        => string.Join("; ", landscapes.Select(l => $"{l.Algo} seed {l.Seed}, step from {l.StepSamples} pairs: {ReportWriter.Number(l.StepCorrelation)}")) is { Length: > 0 } text ? text : "none measured";

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static Sizes For(Budget budget) => budget switch
    {
        Budget.Smoke => new("Pendulum-v1", 1, 1, 2, 2048, 4096, "trajectories", 2, 1, "4,3", "-1:2", "-1:1", "Pendulum-v1, 3 updates, seed 1, checkpoints 1 and 2; steps from 2048 and 4096 pairs; 4 x 3 grid, true reward from 2 (and 1) trajectories per point: the pipeline only."),
        Budget.Quick => new("Hopper-v4", 2, 10, 100, 2048, 16384, "trajectories", 16, 2, "7,5", "-1:2", "-1:1", "Hopper-v4, 110 updates (225,280 steps), seeds 1-2, checkpoints 10 and 100; steps from 2048 and 16,384 pairs; 7 x 5 grid (step offsets -1..2, random -1..1, spacing 0.5), true reward from 16 trajectories per point, and from 2 on the late checkpoint (Figure 6)."),
        _ => new("Humanoid-v4", 1, 150, 300, 2048, 1_000_000, "pairs", 1_000_000, 2, "7,5", "-1:2", "-1:1", "Humanoid-v4, 450 updates, seed 1, checkpoints 150 and 300; steps from 2048 and 1,000,000 pairs; 7 x 5 grid, true reward from 1,000,000 state-action pairs per point (the paper's count), and from 2 trajectories on the late checkpoint (Figure 6)."),
    };

    /// <summary>A budget's sizes.</summary>
    private sealed record Sizes(string Env, int Seeds, int EarlyUpdate, int LateUpdate, int FewPairs, int ManyPairs, string HighUnit, int HighCount, int LowTrajectories, string Points, string StepRange, string RandomRange, string Description);

    /// <summary>One analysis cell's landscape.json.</summary>
    private sealed record Landscape(string Directory, string Algo, string Seed, int Update, int StepSamples, int TrueCount, string TrueUnit, double StepNorm, double SamplesPerSecond, double[] StepOffsets, double[] RandomOffsets, double[,] True, double[,] Surrogate)
    {
        public int StepOrigin => Array.IndexOf(StepOffsets, 0.0);

        public int RandomOrigin => Array.IndexOf(RandomOffsets, 0.0);

        public string TrueText => $"{TrueCount} {TrueUnit}";

        /// <summary>Correlation of true reward and surrogate along the step at random offset 0.</summary>
        public double StepCorrelation => Correlation(
            [.. Enumerable.Range(0, StepOffsets.Length).Select(i => True[i, RandomOrigin])],
            [.. Enumerable.Range(0, StepOffsets.Length).Select(i => Surrogate[i, RandomOrigin])]);

        /// <summary>Correlation of true reward and surrogate over every grid point.</summary>
        public double GridCorrelation => Correlation([.. True.Cast<double>()], [.. Surrogate.Cast<double>()]);

        /// <summary>The analysis of <paramref name="cell"/>, or null when it did not finish.</summary>
        public static Landscape? Read(ExperimentData data, SweepCell cell)
        {
            string directory = data.Layout.CellDirectory(cell);
            string path = Path.Combine(directory, "landscape.json");
            if (!File.Exists(path))
            {
                return null;
            }

            JsonNode root = JsonNode.Parse(File.ReadAllText(path))!;
            string run = cell.Get("run")!;
            string id = run[(run.LastIndexOf('/') + 1)..];
            string Part(string key) => id.Split('_').First(part => part.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
            double[] a = [.. root["step_offsets"]!.AsArray().Select(x => (double)x!)];
            double[] b = [.. root["random_offsets"]!.AsArray().Select(x => (double)x!)];
            return new Landscape(
                directory, Part("algo"), Part("seed"), (int)root["update"]!, (int)root["step_samples"]!, (int)root["true_samples"]!, (string)root["true_unit"]!,
                (double)root["step_norm"]!, (double)root["samples_per_second"]!, a, b, Grid(root["true_reward"]!, a.Length, b.Length), Grid(root["surrogate"]!, a.Length, b.Length));
        }

        private static double[,] Grid(JsonNode node, int rows, int columns)
        {
            var grid = new double[rows, columns];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    grid[i, j] = node[i]![j] is JsonValue value && value.TryGetValue(out double number) ? number : double.NaN;
                }
            }

            return grid;
        }
    }
}
