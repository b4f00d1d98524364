using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper002;

/// <summary>
/// Seed paper 002, section 6 and Figure 8 (appendix F.3, Table 1): mollified-pg on PlanarQuadrotor-v0 from the LQR
/// controller u0 = -K0 s + b0 (affine, <c>--init lqr</c>), sigma 0.1, delta 0.001, 50 epochs of 16 trajectories of
/// 1000 steps. The paper: the return drops after one epoch and never returns to J(theta*) (Fig 8b), because the
/// landscape around the optimum theta* is a spike that the Gaussian filters out (Fig 8a). Run at the paper's
/// dt = 0.1, where u0 is not the optimum of the sampled system (docs/mollified-pg.md), and at dt = 0.01, where the LQR
/// loop converges: the dt axis is the env option <c>dt</c>. Landscapes (stage 0, from <c>--init lqr</c>) per dt: 1-D
/// slices along a random direction and along b1 (parameter 12, one motor's thrust offset: the motors' imbalance the
/// paper names), at ranges comparable to sigma, and a 2-D slice over (b1, b2).
/// </summary>
public sealed class Fig8QuadrotorSpikeExperiment : IExperiment
{
    /// <summary>The dt axis as env options: the paper's 0.1 first.</summary>
    public static readonly IReadOnlyList<string> TimeSteps = ["dt=0.1", "dt=0.01"];

    /// <summary>The paper's fixed sigma.</summary>
    public const double Sigma = 0.1;

    /// <summary>Index of b1 in the affine controller's theta (K is 2 x 6, row-major, then b).</summary>
    public const int FirstBias = 12;

    /// <summary>"Spike": within a distance sigma of the centre J falls by at least this share of the slice's span.</summary>
    public const double SpikeDrop = 0.5;

    /// <summary>Half-width of the 1-D and 2-D slices in parameter units (5 sigma).</summary>
    public const double Range = 0.5;

    /// <summary>Seconds per sampled step of a training cell: 16000 steps and their J(theta) in 0.07 s (2 threads, load 13, 2026-12-07).</summary>
    private const double TrainStepSeconds = 5e-6;

    /// <summary>Seconds per step of a landscape trajectory (the same rollouts, one per step).</summary>
    private const double LandscapeStepSeconds = 2.5e-6;

    /// <inheritdoc />
    public string Id => "002-fig8";

    /// <inheritdoc />
    public string Paper => "002";

    /// <inheritdoc />
    public string Target => "section 6, Figure 8 (planar quadrotor: the spike at the LQR optimum)";

    /// <inheritdoc />
    public string Claim => "Started at the LQR optimum theta*, policy gradient with sigma = 0.1 loses return after one epoch and never returns to J(theta*), because the landscape around theta* is a spike that the Gaussian kernel filters out.";

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        (int seeds, int epochs, int trajectories, int horizon, int profilePoints, int gridPoints, int perPoint, string description) = budget switch
        {
            Budget.Smoke => (1, 2, 2, 50, 9, 3, 2, "seed 1, 2 epochs of 2 trajectories of 50 steps, landscapes of 9 points (1-D) and 3 x 3 (2-D), 2 trajectories of 50 steps per point: the pipeline only."),
            Budget.Quick => (3, 50, 16, 1000, 201, 31, 16,
                "Table 1's settings (50 epochs of 16 trajectories of 1000 steps, sigma 0.1, delta 0.001), seeds 1-3 (the paper does not say how many), at dt = 0.1 and 0.01; landscapes: 1-D 201 points and 2-D 31 x 31, 16 start states per point, range 0.5."),
            _ => (5, 50, 16, 1000, 401, 41, 16,
                "Table 1's settings (50 epochs of 16 trajectories of 1000 steps, sigma 0.1, delta 0.001), seeds 1-5, at dt = 0.1 and 0.01; landscapes: 1-D 401 points and 2-D 41 x 41, 16 start states per point, range 0.5."),
        };
        var options = new List<KeyValuePair<string, string>>
        {
            new("algo", "mollified-pg"), new("env", "PlanarQuadrotor-v0"), new("controller", "affine"), new("init", "lqr"),
            new("fixed-std", SweepSpec.Text(Sigma)), new("step-size", "0.001"), new("trajectories-per-epoch", Invariant(trajectories)),
            new("horizon", Invariant(horizon)), new("steps", Invariant((long)epochs * trajectories * horizon)), new("precision", "fp64"), new("checkpoint-every", "0"),
        };
        var landscapes = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (string dt in TimeSteps)
        {
            landscapes.Add(Landscape(dt, "1d", "random", profilePoints, horizon, perPoint));
            landscapes.Add(Landscape(dt, "1d", $"coords:{FirstBias}", profilePoints, horizon, perPoint));
            landscapes.Add(Landscape(dt, "2d", $"coords:{FirstBias},{FirstBias + 1}", gridPoints, horizon, Math.Max(1, perPoint / 4)));
        }

        var spec = new SweepSpec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            options,
            [new SweepAxis("env-option", TimeSteps), new SweepAxis("seed", [.. Enumerable.Range(1, seeds).Select(seed => Invariant(seed))])],
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
        return (cell.Get("slice") == "2d" ? points * points : points) * Number(cell, "trajectories-per-point") * Number(cell, "horizon") * LandscapeStepSeconds;
    }

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SweepCell[] Runs(string dt) => [.. data.Where(("env-option", dt)).Where(cell => cell.IsTraining)];
        SweepCell[] analysis = [.. data.Plan.Sweep.Cells.Where(cell => !cell.IsTraining)];
        SweepCell Slice(string dt, string directions) => analysis.First(cell => cell.Get("env-option") == dt && cell.Get("directions") == directions);
        string[] profiles = ["random", $"coords:{FirstBias}"];

        var falls = TimeSteps.ToDictionary(dt => dt, dt => Runs(dt).Select(cell => DeterministicReturnCurves.Of(data, cell)).Select(FallsAndStaysBelow).ToArray());
        string FallText(string dt) => $"{Display(dt)}: {falls[dt].Count(f => f)}/{falls[dt].Length} runs";
        var spikes = TimeSteps.ToDictionary(dt => dt, dt => profiles.Select(d => LandscapeCellData.Of(data, Slice(dt, d))).Select(l => l is null ? double.NaN : SpikeDropShare(l.A, l.Profile, Sigma)).ToArray());
        string SpikeText(string dt) => $"{Display(dt)}: {string.Join(", ", profiles.Select((d, i) => $"{(d == "random" ? "random direction" : "b1")} {(double.IsNaN(spikes[dt][i]) ? "centre not the maximum" : $"drop {ReportWriter.Percent(spikes[dt][i])} of the span")}"))}";
        bool Spike(double share) => share >= SpikeDrop;

        var claims = new List<ClaimCheck>
        {
            new(
                "From theta* the return falls after one epoch and never returns to J(theta*).",
                "\"even if we run the policy gradient algorithm with the initial policy theta_0 = theta* (the optimal policy), the training curve immediately drops after one epoch and never returns to the optimal policy\" (002 section 6, Figure 8b)",
                $"runs with J(theta_1) < J(theta_0) and max over k >= 1 of J(theta_k) < J(theta_0): {string.Join("; ", TimeSteps.Select(FallText))}",
                ClaimCheck.Judge(
                    falls[TimeSteps[0]].Length > 0 && falls[TimeSteps[0]].All(f => f),
                    falls.Values.Any(runs => runs.Length > 0 && runs.All(f => f)) || 2 * falls[TimeSteps[0]].Count(f => f) > falls[TimeSteps[0]].Length),
                "on deterministic_return (J(theta_k) = row k + 1): reproduced: every run at the paper's dt = 0.1 has J(theta_1) < J(theta_0) and max_{k >= 1} J(theta_k) < J(theta_0); partly: every run at dt = 0.01 does, or a majority at dt = 0.1"),
            new(
                "The landscape around theta* is a spike.",
                "\"the objective landscape has a spike at the origin (the optimal policy), which behaves like a high-frequency signal in contrast to the surrounding landscape\" (002 section 6, Figure 8a)",
                $"on the 1-D slices (gamma 1, range {Range.ToString(CultureInfo.InvariantCulture)}): {string.Join("; ", TimeSteps.Select(SpikeText))}",
                ClaimCheck.Judge(
                    spikes[TimeSteps[0]].All(Spike),
                    spikes[TimeSteps[1]].All(Spike) || spikes[TimeSteps[0]].Any(Spike)),
                $"a slice has a spike when its centre is its maximum and J falls within |a| <= sigma = {Sigma.ToString(CultureInfo.InvariantCulture)} by at least {ReportWriter.Percent(SpikeDrop)} of the slice's span (max - min); reproduced: both slices at the paper's dt = 0.1; partly: both at dt = 0.01, or one at dt = 0.1"),
        };

        var figures = new List<(string, string)>();
        foreach (string dt in TimeSteps)
        {
            string tag = dt.Replace("dt=", "dt", StringComparison.Ordinal);
            if (DeterministicReturnCurves.Draw(data, Runs(dt).GroupBy(_ => Display(dt)), $"Figure 8 (b): PlanarQuadrotor-v0 from theta*, {Display(dt)}, J(theta_k), mean ± std over seeds", Path.Combine(data.FiguresDirectory, $"returns-{tag}.png")))
            {
                figures.Add(($"Figure 8 (b): J(theta_k) from the LQR controller, {Display(dt)}", $"figures/returns-{tag}.png"));
            }

            if (DeterministicReturnCurves.CopyFigure(data, Slice(dt, $"coords:{FirstBias}"), "landscape.png", $"landscape-b1-{tag}.png"))
            {
                figures.Add(($"Figure 8 (a): J along b1 around theta*, {Display(dt)}", $"figures/landscape-b1-{tag}.png"));
            }

            if (DeterministicReturnCurves.CopyFigure(data, Slice(dt, "random"), "landscape.png", $"landscape-random-{tag}.png"))
            {
                figures.Add(($"Figure 8 (a): J along a random direction around theta*, {Display(dt)}", $"figures/landscape-random-{tag}.png"));
            }

            if (DeterministicReturnCurves.CopyFigure(data, Slice(dt, $"coords:{FirstBias},{FirstBias + 1}"), "landscape_fp64.png", $"landscape-b1b2-{tag}.png"))
            {
                figures.Add(($"Figure 8 (a): J over (b1, b2) around theta*, {Display(dt)}", $"figures/landscape-b1b2-{tag}.png"));
            }
        }

        return new ExperimentReport(claims, [("J(theta_k) per dt", Table(data, Runs)), ("Why the two dt differ", Explanation()), ("Deviations from the paper", Deviations())], figures);
    }

    /// <summary>The first claim's test of one run: J(theta_1) &lt; J(theta_0) and every later J(theta_k) below J(theta_0) (false with fewer than 2 values).</summary>
    public static bool FallsAndStaysBelow(IReadOnlyList<double> returns)
    {
        ArgumentNullException.ThrowIfNull(returns);
        return returns.Count >= 2 && returns[1] < returns[0] && returns.Skip(1).All(j => j < returns[0]);
    }

    /// <summary>
    /// The second claim's measure on a 1-D slice: the drop from the centre (a = 0) to the lowest value within
    /// |a| &lt;= <paramref name="sigma"/>, as a share of the slice's span (max - min); NaN when the centre is not the
    /// slice's maximum, the slice has no centre, or its span is 0.
    /// </summary>
    public static double SpikeDropShare(IReadOnlyList<double> a, IReadOnlyList<double> values, double sigma)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(values);
        int centre = a.ToList().IndexOf(0.0);
        double[] finite = [.. values.Where(double.IsFinite)];
        if (centre < 0 || finite.Length == 0 || values[centre] < finite.Max())
        {
            return double.NaN;
        }

        double span = finite.Max() - finite.Min();
        double nearMin = Enumerable.Range(0, a.Count).Where(i => Math.Abs(a[i]) <= sigma && double.IsFinite(values[i])).Min(i => values[i]);
        return span > 0 ? (values[centre] - nearMin) / span : double.NaN;
    }

    private static string Table(ExperimentData data, Func<string, SweepCell[]> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("J(theta_k) of the deterministic controller (deterministic_return: undiscounted, from as many fixed start states as trajectories per epoch), mean ± std over seeds.");
        text.AppendLine();
        text.AppendLine("| dt | runs | J(theta_0) | J(theta_1) | max_{k>=1} J(theta_k) | last J | last - J(theta_0) | runs that fall and stay below |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (string dt in TimeSteps)
        {
            double[][] curves = [.. runs(dt).Select(cell => DeterministicReturnCurves.Of(data, cell)).Where(c => c.Length >= 2)];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Display(dt)} | {curves.Length} | {Series.MeanStd(curves.Select(c => c[0]))} | {Series.MeanStd(curves.Select(c => c[1]))} | {Series.MeanStd(curves.Select(c => Series.Max(c.Skip(1))))} | {Series.MeanStd(curves.Select(c => c[^1]))} | {Series.MeanStd(curves.Select(c => c[^1] - c[0]))} | {curves.Count(FallsAndStaysBelow)}/{curves.Length} |");
        }

        return text.ToString();
    }

    private static readonly string[] DeviationLines =
    [
        "PlanarQuadrotor-v0 integrates F.3's dynamics with Euler at dt = 0.1 (the paper's); the reset draws each state coordinate from U(-0.1, 0.1) (the paper gives no start distribution). The dt = 0.01 runs are ours, to put u0 at the optimum (same 1000 steps: 10 s instead of 100 s).",
        "The y-axis is J(theta_k), the undiscounted return of the deterministic controller from as many fixed start states as trajectories per epoch (deterministic_return); the gradient uses the discounted reward-to-go with a leave-one-out baseline (docs/mollified-pg.md).",
        "The landscapes are the deterministic J (gamma 1) averaged over 16 start states per point (4 on the 2-D slice); the paper's slice directions and range are not given (ours: a random unit direction and b1, range 0.5 = 5 sigma; 2-D over b1 and b2).",
        "\"Spike\" is not quantified in the paper: the rule in the claims table is ours.",
    ];

    private static string Explanation() => string.Join(
        ' ',
        "The paper's K0 is the continuous-time LQR gain. With Euler steps of dt = 0.1 (F.3) it does not stabilise the sampled system: the attitude loop's natural frequency is about sqrt(2 x 13.5 x 5) = 11.6 rad/s, too fast for a 0.1 s hold, so the closed loop settles into a saturated attitude oscillation (about -0.66 per step) and u0 is not an optimum: the normalised gradient steps uphill and J(theta_k) rises (docs/mollified-pg.md).",
        "At dt = 0.01 the same gain stabilises the loop, the start states converge to hover and u0 is (near) the optimum of the sampled problem, which is the situation Figure 8 describes.");

    private static string Deviations() => string.Join('\n', DeviationLines.Select(line => $"- {line}"));

    private static string Display(string dt) => dt.Replace("=", " = ", StringComparison.Ordinal);

    private static IReadOnlyList<KeyValuePair<string, string>> Landscape(string dt, string slice, string directions, int points, int horizon, int perPoint) =>
    [
        new(SweepCell.CommandOption, "landscape"), new("env", "PlanarQuadrotor-v0"), new("env-option", dt), new("controller", "affine"), new("init", "lqr"),
        new("slice", slice), new("directions", directions), new("points", Invariant(points)), new("range", SweepSpec.Text(Range)),
        new("trajectories-per-point", Invariant(perPoint)), new("gamma", "1"), new("horizon", Invariant(horizon)), new("seed", "0"),
    ];

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static double Number(SweepCell cell, string option)
        => double.Parse(cell.Get(option) ?? throw new ArgumentException($"cell {cell.Id}: no {option} option.", nameof(cell)), CultureInfo.InvariantCulture);
}
