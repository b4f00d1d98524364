using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper002;

/// <summary>
/// Seed paper 002, section 6 and Figure 6 (appendix F.1, Table 1): mollified-pg on HopperStand-v0 with the bias-free
/// tanh network u = W2 tanh(W1 s) (16 hidden units), sigma in {0.005, 0.05, 0.5, 5}, 5 seeds, 100 epochs of 32
/// trajectories of 1000 steps, step size delta = 1. sigma 0.05 and 0.5 train to a stable standing policy, 0.005 and 5
/// fail; the return sequence varies most for 0.005; the deterministic landscape around theta_100 (of a sigma 0.05 run)
/// is smooth where the one around theta_0 is fractal. The landscapes are stage-1 cells reading the training cell's
/// checkpoints (<c>kernel landscape --run --update</c>; update 0 is theta_0, which every checkpoint carries).
/// </summary>
public sealed class Fig6SigmaSweepExperiment : IExperiment
{
    /// <summary>Figure 6's standard deviations, (a) to (d).</summary>
    public static readonly IReadOnlyList<string> Sigmas = ["0.005", "0.05", "0.5", "5"];

    /// <summary>The sigmas the paper calls successful.</summary>
    public static readonly IReadOnlyList<string> Succeeding = ["0.05", "0.5"];

    /// <summary>The sigmas the paper calls failing.</summary>
    public static readonly IReadOnlyList<string> Failing = ["0.005", "5"];

    /// <summary>The sigma whose run the landscapes are taken around (Figure 6's caption: 0.05).</summary>
    public const string LandscapeSigma = "0.05";

    /// <summary>"Smoother": the roughness exponent around theta_K at least this much above the one around theta_0.</summary>
    public const double SmootherMargin = 0.1;

    /// <summary>Seconds per sampled environment step of a training cell: 13.4 s per epoch of 32 x 1000 steps (sampling plus J(theta)), 2 threads at load 13, 2026-12-07.</summary>
    private const double TrainStepSeconds = 4.2e-4;

    /// <summary>Seconds per environment step of a deterministic landscape trajectory (6.2 s per 32000 sampled steps, same run).</summary>
    private const double LandscapeStepSeconds = 2.0e-4;

    /// <inheritdoc />
    public string Id => "002-fig6";

    /// <inheritdoc />
    public string Paper => "002";

    /// <inheritdoc />
    public string Target => "section 6, Figure 6 (hopper stand: sigma sweep and landscapes around theta_0 and theta_100)";

    /// <inheritdoc />
    public string Claim => "Policy gradient with a fixed-sigma Gaussian trains the hopper to stand when sigma is neither too small nor too large (0.05 and 0.5 succeed, 0.005 and 5 fail); with sigma 0.005 the return sequence varies most; the landscape around the trained policy is smooth where the one around theta_0 is fractal.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        (int seeds, int epochs, int trajectories, int horizon, int profilePoints, int gridPoints, string description) = budget switch
        {
            Budget.Smoke => (1, 2, 2, 50, 17, 3, "seed 1, 2 epochs of 2 trajectories of 50 steps, landscapes of 17 points (1-D) and 3 x 3 (2-D) over 50 steps: the pipeline only."),
            Budget.Quick => (2, 6, 32, 1000, 129, 15,
                "seeds 1-2 instead of 5 and 6 epochs instead of 100 (Table 1's 32 trajectories of 1000 steps, delta 1); landscapes around theta_0 and theta_6 of the sigma 0.05 seed 1 run: 1-D 129 points, 2-D 15 x 15, range 1. The claims see only the first 6% of Figure 6's x-axis."),
            _ => (5, 100, 32, 1000, 201, 31, "Table 1: seeds 1-5, 100 epochs of 32 trajectories of 1000 steps, delta 1; landscapes around theta_0 and theta_100 of the sigma 0.05 seed 1 run: 1-D 201 points, 2-D 31 x 31, range 1."),
        };
        var options = new List<KeyValuePair<string, string>>
        {
            new("algo", "mollified-pg"), new("env", "HopperStand-v0"), new("controller", "mlp"), new("controller-hidden", "16"), new("init", "random"),
            new("step-size", "1"), new("trajectories-per-epoch", Invariant(trajectories)), new("horizon", Invariant(horizon)),
            new("steps", Invariant((long)epochs * trajectories * horizon)), new("precision", "fp64"), new("checkpoint-every", Invariant(epochs)),
        };
        string run = $"{SweepCell.CellsPlaceholder}/fixed-std={LandscapeSigma}_seed=1";
        List<IReadOnlyList<KeyValuePair<string, string>>> landscapes = [];
        foreach (int update in new[] { 0, epochs })
        {
            landscapes.Add(Landscape(run, update, "1d", profilePoints, horizon));
            landscapes.Add(Landscape(run, update, "2d", gridPoints, horizon));
        }

        var spec = new SweepSpec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            options,
            [new SweepAxis("fixed-std", Sigmas), new SweepAxis("seed", [.. Enumerable.Range(1, seeds).Select(seed => Invariant(seed))])],
            include: landscapes);
        return new ExperimentPlan(spec, description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.IsTraining)
        {
            return Number(cell, "steps") * TrainStepSeconds;
        }

        double points = Number(cell, "points");
        return (cell.Get("slice") == "2d" ? points * points : points) * Number(cell, "horizon") * LandscapeStepSeconds;
    }

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SweepCell[] Runs(string sigma) => [.. data.Where(("fixed-std", sigma)).Where(cell => cell.IsTraining)];
        var finals = Sigmas.ToDictionary(sigma => sigma, sigma => Series.MeanAndStd(Runs(sigma).Select(cell => FinalReturn(DeterministicReturnCurves.Of(data, cell)))).Mean);
        var variances = Sigmas.ToDictionary(sigma => sigma, sigma => Series.MeanAndStd(Runs(sigma).Select(cell => Variance(DeterministicReturnCurves.Of(data, cell)))).Mean);
        SweepCell[] cells = [.. data.Plan.Sweep.Cells.Where(cell => !cell.IsTraining)];
        SweepCell Landscape(string update, string slice) => cells.First(cell => cell.Get("update") == update && cell.Get("slice") == slice);
        string last = cells.Max(cell => int.Parse(cell.Get("update")!, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        double alpha0 = Roughness.Exponent(LandscapeCellData.Of(data, Landscape("0", "1d"))?.Profile ?? []);
        double alphaK = Roughness.Exponent(LandscapeCellData.Of(data, Landscape(last, "1d"))?.Profile ?? []);

        var claims = new List<ClaimCheck>
        {
            new(
                "sigma 0.05 and 0.5 train the hopper to stand; 0.005 and 5 fail.",
                "\"both sigma = 0.05 and sigma = 0.5 achieve nice and stable performance than the other two standard deviations\" (002 section 6, Figure 6 a-d)",
                $"final J (mean of J(theta_k) over the last quarter of epochs, mean over seeds): {string.Join(", ", Sigmas.Select(s => $"sigma {s}: {ReportWriter.Number(finals[s])}"))}",
                SigmaVerdict(finals),
                "reproduced: both of sigma 0.05 and 0.5 have a higher final J than both of 0.005 and 5; partly: one of them does"),
            new(
                "With sigma 0.005 the return sequence {J(theta_k)} varies most.",
                "\"the resulted variance of the return sequence {J(theta_k)} is even greater when sigma = 0.005\" (002 section 6, Figure 6a)",
                $"variance of J(theta_k) over the epochs of a run, mean over seeds: {string.Join(", ", Sigmas.Select(s => $"sigma {s}: {ReportWriter.Number(variances[s])}"))}",
                VarianceVerdict(variances),
                "reproduced: sigma 0.005 has the largest variance of the four; partly: larger than both succeeding sigmas' (0.05, 0.5)"),
            new(
                $"The deterministic landscape around the trained policy (theta_{last}) is smoother than around theta_0.",
                "\"after 100 epochs, the trained policy entered into a smooth region ... compared to the fractal landscape around the initial policy theta_0\" (002 section 6, Figure 6 e-f)",
                $"roughness (Hoelder) exponent of the 1-D slice (1 = smooth, 1/2 = Brownian), sigma {LandscapeSigma} seed 1 run: around theta_0 {ReportWriter.Number(alpha0)}, around theta_{last} {ReportWriter.Number(alphaK)}",
                SmoothingVerdict(alpha0, alphaK),
                $"reproduced: the exponent around theta_{last} exceeds the one around theta_0 by at least {SmootherMargin.ToString(CultureInfo.InvariantCulture)}; partly: it exceeds it (Roughness: slope of log mean |J(x + h) - J(x)| on log h)"),
        };

        var figures = new List<(string, string)>();
        if (DeterministicReturnCurves.Draw(data, Sigmas.Select(s => Runs(s).GroupBy(_ => $"sigma {s}")).SelectMany(g => g), "Figure 6 (a-d): HopperStand-v0, J(theta_k) per sigma, mean ± std over seeds", Path.Combine(data.FiguresDirectory, "returns.png")))
        {
            figures.Add(("Figure 6 (a-d): J(theta_k) of the deterministic controller per sigma", "figures/returns.png"));
        }

        foreach ((string update, string name, string caption) in new[] { ("0", "landscape-theta0", "Figure 6 (e): J around theta_0"), (last, "landscape-thetaK", $"Figure 6 (f): J around theta_{last}") })
        {
            if (DeterministicReturnCurves.CopyFigure(data, Landscape(update, "2d"), "landscape_fp64.png", $"{name}-2d.png"))
            {
                figures.Add(($"{caption} (2-D, random directions)", $"figures/{name}-2d.png"));
            }

            if (DeterministicReturnCurves.CopyFigure(data, Landscape(update, "1d"), "landscape.png", $"{name}-1d.png"))
            {
                figures.Add(($"{caption} (1-D, random direction)", $"figures/{name}-1d.png"));
            }
        }

        return new ExperimentReport(claims, [("J per sigma", Table(data, Runs)), ("Deviations from the paper", Deviations(last))], figures);
    }

    /// <summary>The rule of the first claim on the mean final J per sigma.</summary>
    public static Verdict SigmaVerdict(IReadOnlyDictionary<string, double> finals)
    {
        ArgumentNullException.ThrowIfNull(finals);
        double worstFailing = Failing.Max(s => Finite(finals[s]));
        int above = Succeeding.Count(s => Finite(finals[s]) > worstFailing);
        return ClaimCheck.Judge(above == Succeeding.Count, above > 0);
    }

    /// <summary>The rule of the second claim on the mean variance of J(theta_k) per sigma.</summary>
    public static Verdict VarianceVerdict(IReadOnlyDictionary<string, double> variances)
    {
        ArgumentNullException.ThrowIfNull(variances);
        double small = variances["0.005"];
        return ClaimCheck.Judge(
            double.IsFinite(small) && Sigmas.Where(s => s != "0.005").All(s => !(variances[s] >= small)),
            double.IsFinite(small) && Succeeding.All(s => !(variances[s] >= small)));
    }

    /// <summary>The rule of the third claim on the roughness exponents around theta_0 and theta_K.</summary>
    public static Verdict SmoothingVerdict(double alpha0, double alphaK) =>
        ClaimCheck.Judge(alphaK >= alpha0 + SmootherMargin, alphaK > alpha0);

    /// <summary>A run's final J: the mean of its last quarter of J(theta_k) (at least one value).</summary>
    public static double FinalReturn(IReadOnlyList<double> returns)
    {
        ArgumentNullException.ThrowIfNull(returns);
        int count = Math.Max(1, returns.Count / 4);
        return Series.MeanAndStd(returns.Skip(returns.Count - count)).Mean;
    }

    /// <summary>The (population) variance of a run's J(theta_k) sequence.</summary>
    public static double Variance(IReadOnlyList<double> returns)
    {
        (_, double std, int count) = Series.MeanAndStd(returns);
        return count == 0 ? double.NaN : std * std;
    }

    private static string Table(ExperimentData data, Func<string, SweepCell[]> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("J(theta_k) of the deterministic controller (metrics.csv's deterministic_return: undiscounted, from as many fixed start states as trajectories per epoch), mean ± std over seeds.");
        text.AppendLine();
        text.AppendLine("| sigma | runs | J(theta_0) | best J | final J (last quarter) | variance of J(theta_k) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (string sigma in Sigmas)
        {
            double[][] curves = [.. runs(sigma).Select(cell => DeterministicReturnCurves.Of(data, cell))];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {sigma} | {curves.Count(c => c.Length > 0)} | {Series.MeanStd(curves.Where(c => c.Length > 0).Select(c => c[0]))} | {Series.MeanStd(curves.Select(c => Series.Max(c)))} | {Series.MeanStd(curves.Select(c => FinalReturn(c)))} | {Series.MeanStd(curves.Select(c => Variance(c)))} |");
        }

        return text.ToString();
    }

    private static string Deviations(string last) => string.Join('\n', new[]
    {
        "HopperStand-v0 is our port of Gymnasium's Hopper-v4 (MuJoCo 2.2.2) with appendix F.1's reward and no termination; the paper's start-state distribution and seeds are not given (ours: the env's reset, seeds 1..n).",
        "The y-axis is J(theta_k), the undiscounted return of the deterministic controller from as many fixed start states as trajectories per epoch (deterministic_return), not the sampled return; the paper says only \"total reward\".",
        "The gradient uses the discounted reward-to-go with a leave-one-out baseline (docs/mollified-pg.md); the paper does not say how it reduced variance.",
        "\"Succeed\" and \"fail\" are judged by the final J alone (the paper also shows the hopper standing, appendix G); \"smooth\" and \"fractal\" by the roughness exponent of a 1-D random slice, the paper shows 2-D pictures.",
        $"The landscapes are the deterministic J (gamma 1) around theta_0 and theta_{last} of the sigma 0.05 seed 1 run, random directions of unit norm, range 1; the paper gives no range.",
    }.Select(line => $"- {line}"));

    private static IReadOnlyList<KeyValuePair<string, string>> Landscape(string run, int update, string slice, int points, int horizon) =>
    [
        new(SweepCell.CommandOption, "landscape"), new(SweepCell.StageOption, "1"), new("run", run), new("update", Invariant(update)), new("slice", slice),
        new("points", Invariant(points)), new("range", "1"), new("gamma", "1"), new("horizon", Invariant(horizon)), new("seed", "0"),
    ];

    private static double Finite(double value) => double.IsFinite(value) ? value : double.NegativeInfinity;

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static double Number(SweepCell cell, string option)
        => double.Parse(cell.Get(option) ?? throw new ArgumentException($"cell {cell.Id}: no {option} option.", nameof(cell)), CultureInfo.InvariantCulture);
}
