using System.Globalization;
using System.Text;
using Kernel.Experiments.Sweeps;
using Kernel.Plots;

namespace Kernel.Experiments.Reproductions.Paper002;

/// <summary>
/// Seed paper 002, section 3 (Proposition 3.1) and Figure 2: under a deterministic tanh-network policy the return
/// landscape J(theta) of the chaotic double pendulum is fractal, that of the single pendulum smooth; the explanation is
/// a maximal Lyapunov exponent above -ln gamma. Beyond the paper (issue 19 item 4): a fractal landscape amplifies
/// rounding, so fp32 and fp64 landscapes part, more so with the horizon. Every cell is a <c>kernel landscape</c> run
/// (no training): 1-D slices at each horizon in both precisions, a 2-D slice at the longest, and the Lyapunov
/// exponent along the same 1-D slice; the init seed (random network and random directions) is the "seed".
/// </summary>
public sealed class Fig2LandscapesExperiment : IExperiment
{
    /// <summary>The chaotic system (Fig 2a).</summary>
    public const string DoublePendulum = "DoublePendulum-v0";

    /// <summary>The smooth counterpart (Fig 2b).</summary>
    public const string SinglePendulum = "SinglePendulum";

    /// <summary>"Rough": the median roughness exponent of the double pendulum's profiles at most this.</summary>
    public const double RoughAtMost = 0.8;

    /// <summary>"Smooth": the median roughness exponent of the single pendulum's profiles at least this (1 = differentiable).</summary>
    public const double SmoothAtLeast = 0.9;

    /// <summary>Proposition 3.1's threshold -ln gamma per step, at the paper's discount 0.99 (Table 1).</summary>
    public static readonly double MinusLogGamma = -Math.Log(0.99);

    /// <summary>A point's fp32 landscape "parts" from fp64 when the relative gap exceeds this.</summary>
    public const double GapLevel = 1e-3;

    /// <summary>"Amplifies rounding": the double pendulum's median relative gap at least this multiple of the single pendulum's.</summary>
    public const double GapFactor = 10;

    private static readonly string[] Envs = [DoublePendulum, SinglePendulum];

    /// <inheritdoc />
    public string Id => "002-fig2";

    /// <inheritdoc />
    public string Paper => "002";

    /// <inheritdoc />
    public string Target => "section 3 (Proposition 3.1) and Figure 2 (fractal vs smooth landscapes), with fp32 vs fp64 (issue 19 item 4)";

    /// <inheritdoc />
    public string Claim => "Under deterministic neural-network policies the objective landscape of the chaotic double pendulum is fractal, that of the non-chaotic single pendulum smooth; J is only (-ln gamma / lambda)-Hoelder where the maximal Lyapunov exponent lambda exceeds -ln gamma.";

    /// <summary>What one budget runs.</summary>
    private sealed record Sizes(int Seeds, string[] Horizons, int Points1d, int Points2d, int LyapunovSteps, string Description);

    private static Sizes For(Budget budget) => budget switch
    {
        Budget.Smoke => new(1, ["100"], 33, 9, 200, "seed 1, horizon 100, 33-point 1-D and 9 x 9 2-D slices, Lyapunov over 200 steps: the pipeline only."),
        Budget.Quick => new(5, ["100", "200", "500", "1000"], 201, 61, 5000,
            "init seeds 1-5; 1-D slices of 201 points (range 30) at horizons 100, 200, 500 and 1000 in fp32 and fp64; 2-D slices of 61 x 61 at horizon 1000; Lyapunov exponents over 5000 steps at the 201 points of the 1-D slice."),
        _ => new(10, ["100", "200", "500", "1000"], 1001, 201, 10000,
            "init seeds 1-10; 1-D slices of 1001 points at horizons 100, 200, 500 and 1000 in fp32 and fp64; 2-D slices of 201 x 201 at horizon 1000; Lyapunov exponents over 10000 steps at every point of the 1-D slice. The paper gives neither its grid nor its seeds."),
    };

    /// <inheritdoc />
    public ExperimentPlan Plan(Budget budget)
    {
        Sizes sizes = For(budget);
        var exclude = new List<IReadOnlyDictionary<string, string>> { new Dictionary<string, string> { ["mode"] = "lyapunov", ["slice"] = "2d" } };
        foreach (string horizon in sizes.Horizons[..^1])
        {
            exclude.Add(new Dictionary<string, string> { ["slice"] = "2d", ["horizon"] = horizon });
            exclude.Add(new Dictionary<string, string> { ["mode"] = "lyapunov", ["horizon"] = horizon });
        }

        // Every cell is `kernel landscape`: total reward (gamma 1) of the deterministic 2-16-1 / 4-16-2 tanh network with
        // PyTorch's default init, random unit directions, range 30 (docs/landscapes.md's measurement).
        List<KeyValuePair<string, string>> options =
        [
            new(SweepCell.CommandOption, "landscape"), new("controller", "mlp"), new("init", "random"), new("directions", "random"),
            new("range", "30"), new("gamma", "1"),
        ];
        var spec = new SweepSpec(
            $"{Id}-{budget.ToString().ToLowerInvariant()}",
            options,
            [
                new SweepAxis("env", Envs), new SweepAxis("mode", ["policy", "lyapunov"]), new SweepAxis("slice", ["1d", "2d"]),
                new SweepAxis("horizon", sizes.Horizons), new SweepAxis("seed", [.. Enumerable.Range(1, sizes.Seeds).Select(seed => seed.ToString(CultureInfo.InvariantCulture))]),
            ],
            exclude);
        return new ExperimentPlan(
            CellOptions.With(spec, cell => cell.Get("mode") == "lyapunov"
                ? [new("points", sizes.Points1d.ToString(CultureInfo.InvariantCulture)), new("precision", "fp64"), new("lyapunov-steps", sizes.LyapunovSteps.ToString(CultureInfo.InvariantCulture)), new("gamma", "0.99")]
                : [new("points", (cell.Get("slice") == "2d" ? sizes.Points2d : sizes.Points1d).ToString(CultureInfo.InvariantCulture)), new("precision", "both")]),
            sizes.Description);
    }

    /// <inheritdoc />
    public double EstimateSeconds(SweepCell cell) => Fig2Fig7Timing.CellSeconds(cell);

    /// <inheritdoc />
    public ExperimentReport Report(ExperimentData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Sizes sizes = For(data.Budget);
        string longest = sizes.Horizons[^1];
        string shortest = sizes.Horizons[0];
        SweepCell[] Cells(string env, string mode, string slice, string horizon) => [.. data.Where(("env", env), ("mode", mode), ("slice", slice), ("horizon", horizon))];
        LandscapeOutput Output(SweepCell cell) => LandscapeOutput.Read(data, cell);

        // Claim 1: roughness of the fp64 1-D profiles at the longest horizon, one exponent per seed.
        double[] Exponents(string env) => [.. Cells(env, "policy", "1d", longest).Select(cell => Roughness.Exponent(Output(cell).Values("fp64")))];
        double[] Exponents2d(string env) => [.. Cells(env, "policy", "2d", longest).Select(cell => Output(cell).Grid("fp64") is { } grid ? Roughness.Exponent(grid) : double.NaN)];
        double roughDp = Series.Median(Exponents(DoublePendulum));
        double roughSp = Series.Median(Exponents(SinglePendulum));
        var claims = new List<ClaimCheck>
        {
            new(
                "The double pendulum's landscape under a deterministic tanh-network policy is fractal; the single pendulum's is smooth.",
                "Figure 2 (a) fractal, (b) smooth (images; no number)",
                $"roughness (Hoelder) exponent of the fp64 1-D profiles, horizon {longest}, median over seeds: double pendulum {Fmt(roughDp)} (per seed {Join(Exponents(DoublePendulum))}), single pendulum {Fmt(roughSp)} ({Join(Exponents(SinglePendulum))})",
                ClaimCheck.Judge(roughDp <= RoughAtMost && roughSp >= SmoothAtLeast, roughDp < roughSp - 0.1),
                $"exponent = slope of log mean |J(a + h) - J(a)| on log h over lags of 1, 2, 4, ... grid steps up to an eighth of the profile (1 differentiable, 1/2 Brownian); reproduced: double pendulum's median <= {RoughAtMost} and single pendulum's >= {SmoothAtLeast}; partly: the double pendulum's median is below the single pendulum's by more than 0.1"),
        };

        // Claim 2: Lyapunov exponents along the same 1-D slice.
        int[] Above(string env) => [.. Cells(env, "lyapunov", "1d", longest).Select(cell => Output(cell).Values("fp64").Count(value => value > MinusLogGamma))];
        double[] Largest(string env) => [.. Cells(env, "lyapunov", "1d", longest).Select(cell => Series.Max(Output(cell).Values("fp64")))];
        int[] aboveDp = Above(DoublePendulum);
        int[] aboveSp = Above(SinglePendulum);
        claims.Add(new(
            "The explanation: where the closed loop's maximal Lyapunov exponent exceeds -ln gamma, J is only Hoelder (Proposition 3.1); the double pendulum has such points, the single pendulum none.",
            "Proposition 3.1: lambda(theta) > -ln gamma implies (-ln gamma / lambda)-Hoelder J (no measured exponent)",
            $"points of the 1-D slice with lambda > -ln 0.99 = {MinusLogGamma:F5} per step, per seed: double pendulum {string.Join(", ", aboveDp)} of {sizes.Points1d} (largest lambda {Join(Largest(DoublePendulum))}), single pendulum {string.Join(", ", aboveSp)} (largest {Join(Largest(SinglePendulum))})",
            ClaimCheck.Judge(aboveDp.Length > 0 && aboveDp.All(count => count > 0) && aboveSp.All(count => count == 0), aboveDp.Sum() > aboveSp.Sum()),
            "lambda per step by two-trajectory renormalisation (Benettin) along the policy slice of the same seed; reproduced: every double-pendulum seed has a point above -ln 0.99 and no single-pendulum seed has one; partly: the double pendulum has more such points in total"));

        // Claim 3 (beyond the paper): fp32 vs fp64.
        double[] Gaps(string env, string horizon) => [.. Cells(env, "policy", "1d", horizon).SelectMany(cell => Output(cell).RelativeGaps())];
        double dpMedian = Series.Median(Gaps(DoublePendulum, longest));
        double spMedian = Series.Median(Gaps(SinglePendulum, longest));
        double dpShare = Series.Share(Gaps(DoublePendulum, longest), gap => gap > GapLevel);
        double spShare = Series.Share(Gaps(SinglePendulum, longest), gap => gap > GapLevel);
        double dpShortMedian = Series.Median(Gaps(DoublePendulum, shortest));
        bool amplified = dpMedian >= GapFactor * spMedian && dpShare > spShare;
        claims.Add(new(
            "Beyond the paper: the chaotic double pendulum's landscape amplifies rounding, so fp32 and fp64 landscapes part, increasingly with the horizon; the single pendulum's do not.",
            "not in the paper (issue 19 item 4)",
            $"relative gap |J32 - J64| / |J64| over the 1-D points of all seeds at horizon {longest}: median {Fmt(dpMedian)} vs {Fmt(spMedian)} (single), share above {GapLevel:0e0} {ReportWriter.Percent(dpShare)} vs {ReportWriter.Percent(spShare)}; double pendulum's median at horizon {shortest}: {Fmt(dpShortMedian)}",
            ClaimCheck.Judge(amplified && dpMedian > dpShortMedian, amplified),
            $"reproduced: at horizon {longest} the double pendulum's median gap is at least {GapFactor:0} x the single pendulum's, its share of points above {GapLevel:0e0} is larger, and its median gap grows from horizon {shortest} to {longest}; partly: the first two only"));

        var sections = new List<(string, string)>
        {
            ("Roughness per seed", RoughnessTable(data, Exponents, Exponents2d, longest)),
            ("fp32 vs fp64 per horizon", GapTable(sizes, Gaps)),
            ("The Lyapunov exponent against the fp32/fp64 gap and the return", LyapunovGapText(data, Cells, longest)),
            ("Deviations from the paper's settings", string.Join('\n', Deviations.Select(line => $"- {line}"))),
            ("Landscape cells", LandscapeCellsNote),
        };
        return new ExperimentReport(claims, sections, Figures(data, sizes, Cells, Gaps));
    }

    /// <summary>Where a landscape cell's data is (the report's generic Data section describes training cells).</summary>
    public const string LandscapeCellsNote = "A `kernel landscape` cell's directory `sweep/cells/<cell id>/` holds landscape.csv (`precision,a,b,mean,std`, one row per point per precision; in Lyapunov mode `mean` is the exponent per step), summary.json (the inputs, seconds, points/s) and the command's PNGs; the cell reruns alone as `kernel landscape` with the options of sweep.json for that cell.";

    /// <summary>What differs from the paper, for the report and the README.</summary>
    public static IReadOnlyList<string> Deviations =>
    [
        "The paper gives neither the network, the slice, the grid, the horizon nor the discount of Figure 2. Ours: u = W2 tanh(W1 s) without biases, 16 hidden units (F.1's hopper controller), PyTorch's default init; random Gaussian directions scaled to unit norm (no filter normalisation), a, b in [-30, 30]; total reward (gamma = 1) over the horizon, from the env's fixed start.",
        "The single pendulum's equations are not in the paper: ours is link 1 of F.2's double pendulum alone (I = 0.1, m = 0.15, lc = 0.25, |u| <= 10, dt = 0.01, RK4, s0 = (-0.2, 0), reward -(5 theta^2 + 0.5 theta'^2 + 0.00005 u^2)); docs/landscapes.md.",
        "The double pendulum is F.2's as printed (theta = 0 is the hanging equilibrium with the printed tau).",
        "\"Fractal\" is judged by a roughness exponent of the 1-D profiles (our rule), not by eye; the 2-D grids' exponents are given too but have few lags.",
        "Proposition 3.1's threshold uses the paper's discount 0.99 although the landscapes sum rewards undiscounted (gamma = 1 would make every positive exponent count).",
        "Seeds are ours (the init seed of `kernel landscape`: the network from DeriveSeed(seed, 0), the directions from DeriveSeed(seed, 1)).",
    ];

    private static string RoughnessTable(ExperimentData data, Func<string, double[]> exponents, Func<string, double[]> exponents2d, string longest)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Roughness exponent of the fp64 landscapes at horizon {longest} (1 = differentiable, 1/2 = Brownian; lags of 1, 2, 4, ... grid steps up to an eighth of the side, so a grid under 32 points per side gives none: —):");
        text.AppendLine();
        text.AppendLine("| system | 1-D per seed | 1-D median | 2-D per seed | 2-D median |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (string env in Envs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {env} | {Join(exponents(env))} | {Fmt(Series.Median(exponents(env)))} | {Join(exponents2d(env))} | {Fmt(Series.Median(exponents2d(env)))} |");
        }

        return text.ToString();
    }

    private static string GapTable(Sizes sizes, Func<string, string, double[]> gaps)
    {
        var text = new StringBuilder();
        text.AppendLine("Relative gap |J32 - J64| / |J64| over the points of the 1-D slices of all seeds: median / max / share above 1e-3.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| system | {string.Join(" | ", sizes.Horizons.Select(h => $"H = {h}"))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| --- |{string.Concat(sizes.Horizons.Select(_ => " --- |"))}");
        foreach (string env in Envs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {env} | {string.Join(" | ", sizes.Horizons.Select(h => $"{Fmt(Series.Median(gaps(env, h)))} / {Fmt(Series.Max(gaps(env, h)))} / {ReportWriter.Percent(Series.Share(gaps(env, h), gap => gap > GapLevel))}"))} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// Per system, the 1-D points of all seeds at the longest horizon split by the Lyapunov exponent at the same point
    /// (same seed, same slice): how many lie above -ln 0.99, and their median relative fp32/fp64 gap and fp64 J against the others'.
    /// </summary>
    private static string LyapunovGapText(ExperimentData data, Func<string, string, string, string, SweepCell[]> cells, string longest)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"The 1-D points of all seeds at horizon {longest}, split by the maximal Lyapunov exponent lambda at the same point (same seed, same slice):");
        text.AppendLine();
        text.AppendLine("| system | points with lambda > -ln 0.99 | their median gap (max) | their median J (fp64) | other points | their median gap (max) | their median J (fp64) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (string env in Envs)
        {
            var above = new List<(double Gap, double Return)>();
            var below = new List<(double Gap, double Return)>();
            foreach (SweepCell policy in cells(env, "policy", "1d", longest))
            {
                SweepCell? lyapunov = cells(env, "lyapunov", "1d", longest).FirstOrDefault(cell => cell.Get("seed") == policy.Get("seed"));
                if (lyapunov is null)
                {
                    continue;
                }

                LandscapeOutput output = LandscapeOutput.Read(data, policy);
                double[] gaps = output.RelativeGaps();
                double[] returns = output.Values("fp64");
                double[] exponents = LandscapeOutput.Read(data, lyapunov).Values("fp64");
                for (int i = 0; i < Math.Min(gaps.Length, exponents.Length); i++)
                {
                    (exponents[i] > MinusLogGamma ? above : below).Add((gaps[i], returns[i]));
                }
            }

            string Describe(List<(double Gap, double Return)> points) =>
                $"{points.Count} | {Fmt(Series.Median(points.Select(p => p.Gap)))} ({Fmt(Series.Max(points.Select(p => p.Gap)))}) | {Fmt(Series.Median(points.Select(p => p.Return)))}";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {env} | {Describe(above)} | {Describe(below)} |");
        }

        return text.ToString();
    }

    private static List<(string, string)> Figures(ExperimentData data, Sizes sizes, Func<string, string, string, string, SweepCell[]> cells, Func<string, string, double[]> gaps)
    {
        Directory.CreateDirectory(data.FiguresDirectory);
        string longest = sizes.Horizons[^1];
        var figures = new List<(string, string)>();
        void Copy(SweepCell[] from, string file, string name, string caption)
        {
            string? source = from.Select(cell => Path.Combine(data.Layout.CellDirectory(cell), file)).FirstOrDefault(File.Exists);
            if (source is not null)
            {
                File.Copy(source, Path.Combine(data.FiguresDirectory, name), overwrite: true);
                figures.Add((caption, $"figures/{name}"));
            }
        }

        Copy(cells(DoublePendulum, "policy", "2d", longest), "landscape_fp64.png", "fig2a-double-pendulum-2d.png", $"Figure 2(a): double pendulum, J on a 2-D slice, fp64, horizon {longest}, seed 1");
        Copy(cells(SinglePendulum, "policy", "2d", longest), "landscape_fp64.png", "fig2b-single-pendulum-2d.png", $"Figure 2(b): single pendulum, J on a 2-D slice, fp64, horizon {longest}, seed 1");
        Copy(cells(DoublePendulum, "policy", "1d", longest), "landscape.png", "double-pendulum-1d.png", $"Double pendulum, J on the 1-D slice in fp32 and fp64, horizon {longest}, seed 1");
        Copy(cells(SinglePendulum, "policy", "1d", longest), "landscape.png", "single-pendulum-1d.png", $"Single pendulum, J on the 1-D slice in fp32 and fp64, horizon {longest}, seed 1");
        Copy(cells(DoublePendulum, "lyapunov", "1d", longest), "landscape.png", "double-pendulum-1d-lyapunov.png", "Double pendulum, maximal Lyapunov exponent per step along the same 1-D slice, seed 1");
        Copy(cells(SinglePendulum, "lyapunov", "1d", longest), "landscape.png", "single-pendulum-1d-lyapunov.png", "Single pendulum, maximal Lyapunov exponent per step along the same 1-D slice, seed 1");

        double[] horizons = [.. sizes.Horizons.Select(h => double.Parse(h, CultureInfo.InvariantCulture))];
        var series = new List<BandSeries>();
        foreach (string env in Envs)
        {
            double[][] perSeed = [.. sizes.Horizons.Select(h => cells(env, "policy", "1d", h).Select(cell => Series.Median(LandscapeOutput.Read(data, cell).RelativeGaps())).ToArray())];
            double[] median = [.. perSeed.Select(Series.Median)];
            if (median.All(value => double.IsFinite(value) && value > 0))
            {
                series.Add(new BandSeries(env, horizons, median, [.. perSeed.Select(values => values.Where(v => v > 0).DefaultIfEmpty(double.NaN).Min())], [.. perSeed.Select(Series.Max)]));
            }
        }

        if (series.Count > 0)
        {
            BandPlot.Write(series, "fp32 vs fp64: median relative gap of the 1-D landscape (median over seeds, band min-max)", "horizon", "median |J32 - J64| / |J64|", logY: true, Path.Combine(data.FiguresDirectory, "gap-vs-horizon.png"));
            figures.Add(("fp32 vs fp64: median relative gap of the 1-D landscapes against the horizon (log scale)", "figures/gap-vs-horizon.png"));
        }

        return figures;
    }

    private static string Fmt(double value) => ReportWriter.Number(value);

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(Fmt));
}
