using System.Globalization;
using System.Text;
using Kernel.Algorithms.Landscapes;
using Kernel.Envs.Control;
using Kernel.Experiments.Sweeps;
using Kernel.Plots;

namespace Kernel.Experiments.Reproductions.Paper002;

/// <summary>
/// Seed paper 002, section 6 and Figure 7: mollified policy gradient (fixed-sigma Gaussian around u = -K s, one
/// normalised step of size 1 per epoch, Table 1's 16 trajectories x 1000 steps, 50 epochs) from the printed
/// u = -K0 s stabilises the double pendulum to the origin, and the Q-landscape Q(s0, a) of the trained policy is
/// smooth. A control arm runs the same method from a random linear gain near K = 0 (the paper's closing remark:
/// policy gradient fine-tunes a policy that is close enough to a stabilising one). Stage 0 trains; stage 1 reads each
/// run's last checkpoint with <c>kernel landscape</c>: the Q-landscape (2-D for the figure, 1-D along u1 for the
/// roughness), the Lyapunov exponent of the trained loop, and J over the full horizon and over its first 90% (their
/// difference is the reward of the last 10% of steps: near 0 only if the state sits at the origin).
/// </summary>
public sealed class Fig7DoublePendulumExperiment : IExperiment
{
    /// <summary>The fixed sigma: the paper gives none for the double pendulum (F.3 gives 0.1 for the quadrotor).</summary>
    public const string Sigma = "0.1";

    /// <summary>"At the origin": the mean reward per step over the last 10% of the horizon at least this (|theta| about 0.014 rad or less).</summary>
    public const double OriginReward = -1e-3;

    /// <summary>"Smooth": the median roughness exponent of the Q-profiles at least this (1 = differentiable).</summary>
    public const double SmoothAtLeast = 0.9;

    /// <summary>The arms: the paper's start u = -K0 s, and the control from a random linear gain.</summary>
    public static readonly IReadOnlyList<string> Inits = ["k0", "random"];

    /// <inheritdoc />
    public string Id => "002-fig7";

    /// <inheritdoc />
    public string Paper => "002";

    /// <inheritdoc />
    public string Target => "section 6 and Figure 7 (double pendulum stabilisation from u = -K0 s; Q-landscape of theta_50)";

    /// <inheritdoc />
    public string Claim => "From the initial policy u = -K0 s, close to the stabilising region but unstable, policy gradient with a Gaussian policy stabilises the double pendulum to the origin within 50 epochs, and the Q-landscape Q(s0, a) of the trained policy is smooth.";

    /// <summary>What one budget runs.</summary>
    private sealed record Sizes(int Seeds, int Trajectories, int Horizon, int Epochs, int CheckpointEvery, int QPoints2d, int QPoints1d, int LyapunovSteps, string Description);

    private static Sizes For(Budget budget) => budget switch
    {
        Budget.Smoke => new(1, 2, 100, 2, 1, 9, 33, 200, "2 epochs of 2 trajectories x 100 steps, seed 1, 9 x 9 and 33-point Q-landscapes, Lyapunov over 200 steps: the pipeline only."),
        Budget.Quick => new(5, 16, 1000, 50, 10, 41, 201, 10000,
            "Table 1's training (16 trajectories x 1000 steps, 50 epochs, delta 1, gamma 0.99) with sigma 0.1, seeds 1-5 per arm; Q-landscapes of theta_50 on a 41 x 41 grid and a 201-point profile along u1 over [-10, 10]; Lyapunov exponents over 10000 steps. Only the seeds and the grids are smaller than the paper budget."),
        _ => new(10, 16, 1000, 50, 10, 101, 1001, 10000,
            "Table 1's training (16 trajectories x 1000 steps, 50 epochs, delta 1, gamma 0.99) with sigma 0.1, seeds 1-10 per arm; Q-landscapes of theta_50 on a 101 x 101 grid and a 1001-point profile along u1 over [-10, 10]; Lyapunov exponents over 10000 steps."),
    };

    /// <summary>The analysis cells of one training run, by what they measure.</summary>
    private enum Analysis
    {
        Q2d,
        Q1d,
        Lyapunov,
        Return,
        ReturnBeforeTail,
    }

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        Sizes sizes = For(budget);
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        List<KeyValuePair<string, string>> training =
        [
            new("algo", "mollified-pg"), new("env", Fig2LandscapesExperiment.DoublePendulum), new("controller", "linear"),
            new("fixed-std", Sigma), new("step-size", "1"), new("trajectories-per-epoch", Text(sizes.Trajectories)),
            new("horizon", Text(sizes.Horizon)), new("steps", Text(sizes.Epochs * sizes.Trajectories * sizes.Horizon)),
            new("gamma", "0.99"), new("precision", "fp64"), new("checkpoint-every", Text(sizes.CheckpointEvery)),
        ];
        SweepAxis[] axes = [new("init", Inits), new("seed", [.. Enumerable.Range(1, sizes.Seeds).Select(Text)])];
        // The initial loop u = -K0 s needs no run: its Lyapunov exponent, once.
        List<KeyValuePair<string, string>> initialLoop =
        [
            new(SweepCell.CommandOption, "landscape"), new("mode", "lyapunov"), new("controller", "linear"), new("init", "k0"),
            new("points", "1"), new("lyapunov-steps", Text(sizes.LyapunovSteps)),
        ];
        var include = new List<IReadOnlyList<KeyValuePair<string, string>>> { initialLoop };
        foreach (string init in Inits)
        {
            foreach (string seed in axes[1].Values)
            {
                foreach (Analysis analysis in Enum.GetValues<Analysis>())
                {
                    include.Add(AnalysisCell(sizes, $"init={init}_seed={seed}", analysis));
                }
            }
        }

        return new ExperimentPlan(new SweepSpec($"{Id}-{budget.ToString().ToLowerInvariant()}", training, axes, include: include), sizes.Description);
    }

    private static List<KeyValuePair<string, string>> AnalysisCell(Sizes sizes, string trainingId, Analysis analysis)
    {
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        List<KeyValuePair<string, string>> options = analysis switch
        {
            Analysis.Q2d => [new("mode", "q"), new("slice", "2d"), new("range", "10"), new("points", Text(sizes.QPoints2d)), new("gamma", "0.99")],
            Analysis.Q1d => [new("mode", "q"), new("slice", "1d"), new("directions", "coords:0"), new("range", "10"), new("points", Text(sizes.QPoints1d)), new("gamma", "0.99")],
            Analysis.Lyapunov => [new("mode", "lyapunov"), new("points", "1"), new("lyapunov-steps", Text(sizes.LyapunovSteps))],
            Analysis.Return => [new("mode", "policy"), new("points", "1"), new("gamma", "1"), new("horizon", Text(sizes.Horizon))],
            _ => [new("mode", "policy"), new("points", "1"), new("gamma", "1"), new("horizon", Text(TailStart(sizes)))],
        };
        return
        [
            new(SweepCell.CommandOption, "landscape"), new(SweepCell.StageOption, "1"), .. options,
            new("run", $"{SweepCell.CellsPlaceholder}/{trainingId}"), new("update", Text(sizes.Epochs)),
            .. analysis is Analysis.Q2d or Analysis.Q1d or Analysis.Lyapunov ? [new KeyValuePair<string, string>("horizon", Text(sizes.Horizon))] : Array.Empty<KeyValuePair<string, string>>(),
        ];
    }

    /// <summary>The horizon of the second return cell: the first 90% of the steps.</summary>
    private static int TailStart(Sizes sizes) => sizes.Horizon - (sizes.Horizon / 10);

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => Fig2Fig7Timing.CellSeconds(cell);

    /// <summary>What the sweep found for one training run.</summary>
    /// <param name="Init">k0 or random.</param>
    /// <param name="Seed">The run's seed.</param>
    /// <param name="InitialReturn">J(theta_0): metrics row 1's deterministic_return.</param>
    /// <param name="BestReturn">The largest deterministic_return of any epoch.</param>
    /// <param name="ExplodedEpoch">The epoch at which the run stopped with exit 3 (RK4 left the finite range), or null.</param>
    /// <param name="FinalReturn">J(theta_E) over the full horizon, gamma 1 (NaN without theta_E).</param>
    /// <param name="TailReward">Mean reward per step over the last 10% of the horizon under theta_E (NaN without it).</param>
    /// <param name="Lyapunov">The trained loop's maximal Lyapunov exponent per step (NaN without theta_E).</param>
    /// <param name="QRoughness">Roughness exponent of Q(s0, (u1, 0)) under theta_E (NaN without it).</param>
    /// <param name="QRoughness2d">Roughness exponent of the 2-D Q grid (NaN without it or with too few points).</param>
    /// <param name="Distance">|theta_E - theta_0| (the last policy_distance).</param>
    /// <param name="CosineToK0">cos of the angle between theta_E and K0 (both as 8-vectors; NaN without theta_E).</param>
    public sealed record RunResult(string Init, string Seed, double InitialReturn, double BestReturn, int? ExplodedEpoch, double FinalReturn, double TailReward, double Lyapunov, double QRoughness, double QRoughness2d, double Distance, double CosineToK0)
    {
        /// <summary>Whether theta_E holds the state at the origin (<see cref="OriginReward"/>).</summary>
        public bool Stabilised => TailReward >= OriginReward;
    }

    /// <summary>Reads every training run's result from its metrics, checkpoint and analysis cells.</summary>
    public static IReadOnlyList<RunResult> Results(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Sizes sizes = For(data.Budget);
        var results = new List<RunResult>();
        foreach (SweepCell run in data.Plan.Sweep.Cells.Where(cell => cell.IsTraining))
        {
            LandscapeOutput Output(Analysis analysis)
            {
                List<KeyValuePair<string, string>> wanted = AnalysisCell(sizes, run.Id, analysis);
                return LandscapeOutput.Read(data, data.Plan.Sweep.Cells.First(cell => !cell.IsTraining && wanted.All(option => cell.Get(option.Key) == option.Value)));
            }

            RunMetrics metrics = data.Metrics(run);
            double[] returns = metrics.Column("deterministic_return");
            double[] distance = metrics.Column("policy_distance");
            CellSummary summary = data.Summary(run);
            double final = Output(Analysis.Return).Centre("fp64");
            double beforeTail = Output(Analysis.ReturnBeforeTail).Centre("fp64");
            double[,]? grid = Output(Analysis.Q2d).Grid("fp64");
            double[] q = Output(Analysis.Q1d).Values("fp64");
            results.Add(new RunResult(
                run.Get("init")!,
                run.Get("seed")!,
                returns.Length > 0 ? returns[0] : double.NaN,
                Series.Max(returns),
                summary.Exploded || summary.State == CellState.Exploded ? summary.ExplodedUpdate ?? summary.Updates + 1 : null,
                final,
                (final - beforeTail) / (sizes.Horizon - TailStart(sizes)),
                Output(Analysis.Lyapunov).Centre("fp64"),
                q.Length == 0 ? double.NaN : Roughness.Exponent(q),
                grid is null ? double.NaN : Roughness.Exponent(grid),
                distance.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Last(),
                CosineToK0(data.Layout.CellDirectory(run), sizes.Epochs)));
        }

        return results;
    }

    /// <summary>cos(theta_E, K0) from the run's checkpoint of epoch <paramref name="epochs"/>; NaN when it has none.</summary>
    private static double CosineToK0(string directory, int epochs)
    {
        double[] theta;
        try
        {
            theta = TrainedController.Load(directory, epochs).Theta;
        }
        catch (ArgumentException)
        {
            return double.NaN;
        }

        double[] k0 = [.. DoublePendulum.K0.Cast<double>()];
        double dot = theta.Zip(k0, (a, b) => a * b).Sum();
        return dot / Math.Sqrt(theta.Sum(a => a * a) * k0.Sum(b => b * b));
    }

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Sizes sizes = For(data.Budget);
        IReadOnlyList<RunResult> results = Results(data);
        RunResult[] Arm(string init) => [.. results.Where(result => result.Init == init)];
        string epoch = $"theta_{sizes.Epochs}";
        string Outcomes(RunResult[] runs) => string.Join("; ", runs.Select(run => run.ExplodedEpoch is int e
            ? $"seed {run.Seed}: J(theta_0) {Fmt(run.InitialReturn)}, exploded at epoch {e}"
            : $"seed {run.Seed}: J(theta_0) {Fmt(run.InitialReturn)} -> J({epoch}) {Fmt(run.FinalReturn)}, tail reward {Fmt(run.TailReward)}/step"));

        RunResult[] k0 = Arm("k0");
        RunResult[] random = Arm("random");
        int k0Stable = k0.Count(run => run.Stabilised);
        int randomStable = random.Count(run => run.Stabilised);
        string rule = $"stabilised: the mean reward per step of {epoch}'s trajectory from s0 over the last {sizes.Horizon - TailStart(sizes)} of {sizes.Horizon} steps is at least {OriginReward:0e0} (|theta| about 0.014 rad or less: the state sits at the origin); a run that exploded (exit 3) has no {epoch} and counts as not stabilised";
        var claims = new List<ClaimCheck>
        {
            new(
                $"From u = -K0 s (Table 1's settings, sigma {Sigma}) the trained policy stabilises the double pendulum to the origin after {sizes.Epochs} epochs.",
                "Figure 7(a): the trained policy stabilises the system towards the origin after 50 epochs; the initial policy does not",
                $"{k0Stable}/{k0.Length} runs stabilised. {Outcomes(k0)}",
                ClaimCheck.Judge(k0.Length > 0 && k0Stable == k0.Length, k0Stable > 0),
                $"{rule}; reproduced: every seed stabilised; partly: at least one"),
            new(
                "Control arm: the same method from a random linear gain near K = 0 (an unstable start near the stabilising region) stabilises the pendulum.",
                "\"policy gradient methods can exhibit its full strength: fine-tuning an initial policy that is close enough to the desired policies\" (section 6)",
                $"{randomStable}/{random.Length} runs stabilised. {Outcomes(random)}",
                ClaimCheck.Judge(random.Length > 0 && randomStable == random.Length, randomStable > 0),
                $"{rule}; reproduced: every seed stabilised; partly: at least one"),
        };

        double k0Rough = Series.Median(k0.Select(run => run.QRoughness));
        double stableRough = Series.Median(results.Where(run => run.Stabilised).Select(run => run.QRoughness));
        claims.Add(new(
            $"The Q-landscape Q(s0, a) of the trained policy {epoch} is smooth.",
            "Figure 7(b): smooth (image; no number)",
            $"roughness exponent of Q(s0, (u1, 0)) over u1 in [-10, 10] ({sizes.QPoints1d} points), median over the K0 arm's runs with a {epoch}: {Fmt(k0Rough)} (per seed {string.Join(", ", k0.Select(run => $"{run.Seed}: {Fmt(run.QRoughness)}"))}); over the stabilised runs of both arms: {Fmt(stableRough)}",
            ClaimCheck.Judge(k0Rough >= SmoothAtLeast, stableRough >= SmoothAtLeast),
            $"exponent as in 002-fig2 (1 differentiable, 1/2 Brownian); reproduced: the K0 arm's median is at least {SmoothAtLeast}; partly: only the stabilised runs' median (either arm) is"));

        var sections = new List<(string, string)>
        {
            ("Runs", RunTable(results, epoch)),
            ("Why u = -K0 s does not stabilise here", WhyText(data, results)),
            ("Deviations from the paper's settings", string.Join('\n', Deviations.Select(line => $"- {line}"))),
            ("Landscape cells", Fig2LandscapesExperiment.LandscapeCellsNote),
        };
        return new ExperimentReport(claims, sections, Figures(data, sizes, results));
    }

    /// <summary>What differs from the paper, for the report and the README.</summary>
    public static IReadOnlyList<string> Deviations =>
    [
        $"sigma = {Sigma}: the paper gives no sigma for the double pendulum (F.3 gives 0.1 for the quadrotor); docs/mollified-pg.md found no stabilisation from u = -K0 s for sigma in 0.1-5 either.",
        "K0 is used as printed in F.2, in u = -K0 s (section 6), with the printed dynamics: that loop is positive feedback and spins up (DoublePendulum-v0's docs); u = +K0 s would stabilise it.",
        "The variance reduction is ours (reward-to-go with a leave-one-out mean baseline; the paper does not say): docs/mollified-pg.md.",
        "The origin is F.2's theta = 0, which with the printed tau is the hanging equilibrium; \"stabilised\" is judged by our rule on the last 10% of the trajectory from s0 = (-0.2, 0.2, 0, 0).",
        "Q(s0, a) is the return (gamma 0.99, 1000 steps) when the first action is a = (u1, u2) on a grid over the saturation box [-10, 10]^2 and the policy acts afterwards; the 1-D profile sets u2 = 0. The paper does not give its grid.",
        "The control arm (random linear init, PyTorch's default U(+-1/2) per gain) is ours; seeds are ours (the paper shows one run).",
    ];

    private static string RunTable(IReadOnlyList<RunResult> results, string epoch)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| init | seed | J(theta_0) | best J of any epoch | exploded at epoch | J({epoch}) | tail reward per step | lambda({epoch}) per step | Q roughness 1-D | Q roughness 2-D | \\|{epoch} - theta_0\\| | cos({epoch}, K0) | stabilised |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (RunResult run in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {run.Init} | {run.Seed} | {Fmt(run.InitialReturn)} | {Fmt(run.BestReturn)} | {(run.ExplodedEpoch is int e ? e.ToString(CultureInfo.InvariantCulture) : "—")} | {Fmt(run.FinalReturn)} | {Fmt(run.TailReward)} | {Fmt(run.Lyapunov)} | {Fmt(run.QRoughness)} | {Fmt(run.QRoughness2d)} | {Fmt(run.Distance)} | {Fmt(run.CosineToK0)} | {(run.Stabilised ? "yes" : "no")} |");
        }

        text.AppendLine();
        text.AppendLine("J is the deterministic controller's undiscounted return over the horizon from s0 (metrics' deterministic_return for theta_0 and the best epoch; the stage-1 landscape cell for the last theta). The tail reward is J over the full horizon minus J over its first 90%, per step. A run that exploded stopped with exit 3 when RK4 left the finite range: it has no last checkpoint, so its analysis cells fail (\"no checkpoint\"), which the counts above include.");
        return text.ToString();
    }

    private static string WhyText(ExperimentData data, IReadOnlyList<RunResult> results)
    {
        SweepCell? k0Lyapunov = data.Plan.Sweep.Cells.FirstOrDefault(cell => !cell.IsTraining && cell.Get("init") == "k0" && cell.Get("mode") == "lyapunov");
        double lambda = k0Lyapunov is null ? double.NaN : LandscapeOutput.Read(data, k0Lyapunov).Centre("fp64");
        RunResult[] stable = [.. results.Where(run => run.Stabilised)];
        var text = new StringBuilder();
        double initial = results.Where(run => run.Init == "k0").Select(run => run.InitialReturn).DefaultIfEmpty(double.NaN).First();
        double minusLogGamma = Fig2LandscapesExperiment.MinusLogGamma;
        text.AppendLine(CultureInfo.InvariantCulture, $"- The initial loop u = -K0 s: J(theta_0) = {Fmt(initial)}, a mean cost of {Fmt(-initial / For(data.Budget).Horizon)} per step (the pendulum spins: the printed K0 in u = -K0 s is positive feedback), and a maximal Lyapunov exponent of {Fmt(lambda)} per step (stage-0 cell), {(lambda > minusLogGamma ? "above" : "below")} -ln 0.99 = {minusLogGamma:F5}{(lambda > minusLogGamma ? string.Empty : ": by Proposition 3.1 the landscape at theta_0 need not be rough; the obstacle is the distance to a stabilising gain, not roughness")}.");
        RunResult[] exploded = [.. results.Where(run => run.ExplodedEpoch is not null)];
        text.AppendLine(CultureInfo.InvariantCulture, $"- Exploded runs: {exploded.Length}/{results.Count}{(exploded.Length == 0 ? string.Empty : $" ({string.Join(", ", exploded.Select(run => $"{run.Init} seed {run.Seed} at epoch {run.ExplodedEpoch}"))}): RK4 at dt = 0.01 left the finite range at the speeds the spinning loop reached (exit 3, a result)")}.");
        text.AppendLine(stable.Length == 0
            ? "- No run stabilised, so no stabilising gain was found to compare with K0."
            : $"- The stabilising gains found: cos(theta, K0) of the stabilised runs' last theta is {string.Join(", ", stable.Select(run => Fmt(run.CosineToK0)))} (negative: they point away from K0, as u = +K0 s, which stabilises the printed dynamics, does).");
        text.AppendLine("- docs/mollified-pg.md measured along the segment from K0 to -K0 that the deterministic return first becomes stabilising between K = 0 and K = -0.1 K0, at distance 47-52 from K0 (|K0| = 46.9): 50 unit steps could reach it only if nearly every step pointed there (not recomputed by this sweep).");
        return text.ToString();
    }

    private static List<(string, string)> Figures(ExperimentData data, Sizes sizes, IReadOnlyList<RunResult> results)
    {
        Directory.CreateDirectory(data.FiguresDirectory);
        var figures = new List<(string, string)>();
        var series = new List<BandSeries>();
        foreach (SweepCell run in data.Plan.Sweep.Cells.Where(cell => cell.IsTraining))
        {
            double[] returns = data.Metrics(run).Column("deterministic_return");
            int[] rows = [.. Enumerable.Range(0, returns.Length).Where(row => double.IsFinite(returns[row]) && returns[row] < 0)];
            if (rows.Length > 0)
            {
                double[] cost = [.. rows.Select(row => -returns[row])];
                series.Add(new BandSeries($"{run.Get("init")} seed {run.Get("seed")}", [.. rows.Select(row => (double)row)], cost, cost, cost));
            }
        }

        if (series.Count > 0)
        {
            BandPlot.Write(series, "Figure 7(a): double pendulum, cost -J(theta_k) of the deterministic controller per epoch (log scale)", "epoch k", "-J(theta_k)", logY: true, Path.Combine(data.FiguresDirectory, "fig7a-cost.png"));
            figures.Add(("Figure 7(a): cost -J(theta_k) per epoch, every run of both arms (log scale)", "figures/fig7a-cost.png"));
        }

        foreach (string init in Inits)
        {
            RunResult? shown = results.FirstOrDefault(run => run.Init == init && double.IsFinite(run.FinalReturn));
            if (shown is null)
            {
                continue;
            }

            foreach ((Analysis analysis, string file, string name, string what) in new[]
            {
                (Analysis.Q2d, "landscape_fp64.png", $"fig7b-q-{init}-seed{shown.Seed}.png", "Figure 7(b): Q(s0, a) over (u1, u2)"),
                (Analysis.Q1d, "landscape.png", $"q-profile-{init}-seed{shown.Seed}.png", "Q(s0, (u1, 0)) over u1"),
            })
            {
                List<KeyValuePair<string, string>> wanted = AnalysisCell(sizes, $"init={init}_seed={shown.Seed}", analysis);
                SweepCell? cell = data.Plan.Sweep.Cells.FirstOrDefault(cell => !cell.IsTraining && wanted.All(option => cell.Get(option.Key) == option.Value));
                string? source = cell is null ? null : Path.Combine(data.Layout.CellDirectory(cell), file);
                if (source is not null && File.Exists(source))
                {
                    File.Copy(source, Path.Combine(data.FiguresDirectory, name), overwrite: true);
                    figures.Add(($"{what} of theta_{sizes.Epochs}, init {init}, seed {shown.Seed}", $"figures/{name}"));
                }
            }
        }

        return figures;
    }

    private static string Fmt(double value) => ReportWriter.Number(value);
}
